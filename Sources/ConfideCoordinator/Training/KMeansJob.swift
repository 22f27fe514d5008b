import ConfideML
import Foundation
import ConfidePolicy
import ConfideProtocol

/// Federated K-Means (segments): a statistics round for normalization, sketch rounds that
/// summarize the data for initialization, optionally a sweep round that chooses k, then
/// Lloyd rounds that follow several candidate centroid sets at once and keep the best (see
/// docs/ml.md for the initialization design), and, when an earlier model exists, a round
/// that counts how devices moved between its segments and the new ones.
struct KMeansJob: TrainingJob {
    enum Phase: Sendable, Equatable {
        case statistics
        case sketch
        case sweep
        case lloyd(Int)
        case drift
        case done
    }

    let schema: FeatureSchema
    /// The number of clusters: while a sweep is pending, the largest candidate (the sketch is
    /// sized for it); after it, the k it recommended.
    var k: Int
    /// The candidates for k: one value, or the range a sweep chooses from.
    let candidates: ClosedRange<Int>
    /// The model the job measures its drift from, if any.
    let previous: StoredSegments?
    let sets: Int
    let lloydRounds: Int
    let seed: UInt64
    /// Whether rounds carry differential-privacy noise (the sketch is shaped for it).
    let noisy: Bool
    /// How rounds and noise are spent under noise.
    let design: KMeansDesign
    /// σ·C of the rounds (0 without noise): the noise's standard deviation per unit of
    /// sensitivity. Set once the privacy plan is known, before the first round.
    var noiseScale = 0.0
    /// Normalized features are clamped to ±3 standard deviations, or the design's clamp
    /// under noise (±2 cuts the sensitivity, and so the noise, by a third).
    var featureClamp: Double { noisy ? design.noisyFeatureClamp : 3 }
    /// Squared errors are scaled into [0, 1] per device: the largest is (2·clamp)²·d.
    var errorScale: Double { 1 / (4 * featureClamp * featureClamp * Double(schema.count)) }
    /// Counts are scaled to the largest norm of a point's sum block (times the design's
    /// weight under noise), so a cluster's size is about as precise as its sum (a count of 1
    /// would otherwise get noise sized for the sums and be lost in it).
    func countScale(sketch: Bool) -> Double {
        let weight = noisy ? (sketch ? design.sketchCountWeight : design.lloydCountWeight) : 1
        return weight * featureClamp * Double(schema.count).squareRoot()
    }
    /// Normalized features use at least this deviation (in [0, 1] bounded units): noisy
    /// statistics can make a rare feature's deviation tiny and its z-scores explode.
    let deviationFloor = 0.05

    // Internal rather than private for the sweep and drift phases (KMeansJob+Analytics.swift).
    var phase = Phase.statistics
    var mean: [Double] = []
    var deviation: [Double] = []
    var initializer: FederatedKMeansInit?
    var centroids: Matrix?
    private var lastInertia: [Double] = []
    private var lastCounts: [Double] = []
    var step: KMeansStep
    /// The candidates' centroids the sweep round measures, one set per k.
    var sweepCentroids: [Matrix] = []
    /// The sweep's figures per k, once measured.
    var sweep: KSelection?
    /// How the segments moved from `previous`, once counted.
    var drift: SegmentDrift?

    var isSweeping: Bool { candidates.count > 1 }
    var task: TrainingTask { .kmeans }
    var plannedRounds: Int { 1 + sketch.sketchRounds + (isSweeping ? 1 : 0) + lloydRounds + (previous == nil ? 0 : 1) }

    /// Standard deviation of the noise on one (unscaled) cluster count in a Lloyd round
    /// (`sketch` false) or a sketch round.
    func countNoise(sketch: Bool) -> Double {
        noiseScale * kmeansSensitivity(sets: sketch ? 1 : sets, countScale: countScale(sketch: sketch)) / countScale(sketch: sketch)
    }

    /// Standard deviation of the noise on one coordinate of a cluster's sum in a Lloyd
    /// round (`sketch` false) or a sketch round.
    func sumNoise(sketch: Bool) -> Double {
        noiseScale * kmeansSensitivity(sets: sketch ? 1 : sets, countScale: countScale(sketch: sketch))
    }

    /// The sketch: without noise the default; with noise the design's smaller one whose
    /// cells must hold clearly more devices than the noise on a count.
    var sketch: FederatedKMeansInit.Configuration {
        noisy
            ? FederatedKMeansInit.Configuration(k: k, cells: design.sketchCellsPerCluster * k, sketchRounds: design.sketchRounds,
                                                minimumCellCount: minimumCellCount, splitRadius: design.splitRadius,
                                                shrinkage: design.sketchSpread > 0 ? (sumNoise(sketch: true), design.sketchSpread) : nil,
                                                seed: seed)
            : FederatedKMeansInit.Configuration(k: k, seed: seed)
    }

    /// Under noise, sketch cells must hold clearly more devices than the noise on a count,
    /// and (with the design's `cellCoordinateNoise`) enough that the noise on their mean's
    /// coordinates is below it.
    var minimumCellCount: Double {
        let forMean = design.cellCoordinateNoise > 0 ? sumNoise(sketch: true) / design.cellCoordinateNoise : 0
        return max(2, design.emptyBelowNoise * countNoise(sketch: true), forMean)
    }

    /// A cluster whose count is below this is treated as empty (and re-seeded): with
    /// noise, a smaller count is indistinguishable from none.
    var minimumCount: Double { max(0.5, design.emptyBelowNoise * countNoise(sketch: false)) }

    /// A job for `clusters` (one value, or the candidates of a sweep: at least 3), measuring
    /// its drift from `previous` (a model on the same features) if given.
    init(schema: FeatureSchema, clusters: ClosedRange<Int>, sets: Int, lloydRounds: Int, seed: UInt64, noisy: Bool,
         design: KMeansDesign = KMeansDesign(), previous: StoredSegments? = nil) throws {
        guard clusters.lowerBound >= 2, clusters.count == 1 || clusters.count >= 3, sets >= 1, lloydRounds >= 1 else {
            throw ConfigurationError("K-Means needs at least 2 clusters (a sweep at least 3 candidates), 1 candidate set and 1 Lloyd round")
        }
        if let previous, previous.features.rawValue != schema.identifier {
            throw ConfigurationError("a K-Means job measures drift from a model on its own features, not \(previous.features.rawValue)")
        }
        let k = clusters.upperBound
        self.schema = schema
        self.k = k
        candidates = clusters
        self.previous = previous
        self.sets = sets
        self.lloydRounds = lloydRounds
        self.seed = seed
        self.noisy = noisy
        self.design = design
        step = try KMeansStep(k: k, d: schema.count, sets: sets)
    }

    mutating func nextRound() throws -> PlannedRound? {
        let d = schema.count
        switch phase {
        case .statistics:
            // Bounded features lie in [0, 1], so ‖(x, x², 1)‖ ≤ √(2d + 1).
            let work = RoundWork(kind: .featureStatistics, vectorLength: FeatureStatistics.dimension(features: d),
                                 features: FeatureSet(rawValue: schema.identifier))
            return PlannedRound(task: .stats, work: work, parameters: [], sensitivity: Double(2 * d + 1).squareRoot())
        case .sketch:
            guard let initializer else { return nil }
            return kmeansRound(step: initializer.step, centroids: initializer.cells, countScale: countScale(sketch: true))
        case .sweep:
            return sweepRound()
        case .lloyd:
            guard let centroids else { return nil }
            return kmeansRound(step: step, centroids: centroids, countScale: countScale(sketch: false))
        case .drift:
            return try driftRound()
        case .done:
            return nil
        }
    }

    private func kmeansRound(step: KMeansStep, centroids: Matrix, countScale: Double) -> PlannedRound {
        let work = RoundWork(kind: .kmeansStep, vectorLength: step.dimension, features: FeatureSet(rawValue: schema.identifier),
                             clusters: step.k, sets: step.sets, featureClamp: featureClamp, errorScale: errorScale,
                             countScale: countScale)
        return PlannedRound(task: .kmeans, work: work, parameters: mean + deviation + centroids.storage,
                            sensitivity: kmeansSensitivity(sets: step.sets, countScale: countScale))
    }

    /// Per set: a point of norm ≤ clamp·√d, a scaled count, a scaled error ≤ 1.
    private func kmeansSensitivity(sets: Int, countScale: Double) -> Double {
        (Double(sets) * (featureClamp * featureClamp * Double(schema.count) + countScale * countScale + 1)).squareRoot()
    }

    mutating func absorb(sum: [Double]) throws -> AbsorbedRound {
        let d = schema.count
        switch phase {
        case .statistics:
            let statistics = try FeatureStatistics(vector: sum, features: d)
            mean = statistics.mean
            // Noise can make a variance estimate tiny or negative; floor the deviation.
            deviation = statistics.variance.map { max(max(0, $0).squareRoot(), deviationFloor) }
            let n = max(sum[2 * d], 1)
            let normalized = try FeatureStatistics(vector: Array(repeating: 0, count: d) + Array(repeating: n, count: d) + [n],
                                                   features: d)
            initializer = try FederatedKMeansInit(sketch, statistics: normalized)
            phase = .sketch
            return AbsorbedRound(metric: n, metricName: "devices")
        case .sketch:
            guard var initializer else { throw ConfigurationError("K-Means sketch without an initializer") }
            try initializer.absorb(sum: unscaled(sum, step: initializer.step, countScale: countScale(sketch: true)))
            self.initializer = initializer
            if initializer.isComplete {
                if isSweeping {
                    try prepareSweep()
                } else {
                    centroids = try initializer.initialCentroids(sets: sets, refine: noisy && design.refineOnSketch)
                    phase = .lloyd(0)
                }
            }
            return AbsorbedRound()
        case .sweep:
            return try absorbSweep(sum)
        case .lloyd(let round):
            guard let previous = centroids else { throw ConfigurationError("K-Means Lloyd round without centroids") }
            let sum = unscaled(sum, step: step, countScale: countScale(sketch: false))
            let shrinkage = noisy && design.lloydSpread > 0
                ? (noise: sumNoise(sketch: false), spread: design.lloydSpread) : nil
            var merge = try KMeansMerge(step: step, sum: sum, previous: previous, minimumCount: minimumCount, shrinkage: shrinkage,
                                        momentum: noisy && round > 0 ? design.momentum : 0,
                                        splitRadius: noisy ? design.splitRadius : nil, seed: seed &+ 1_000 &+ UInt64(round))
            if noisy, design.reseedFromSketch, let initializer {
                reseed(&merge, summary: initializer.summary())
            }
            // Every point lies in the clamped box, so every true centroid does too; noise
            // must not carry one outside it.
            merge.centroids.storage = merge.centroids.storage.map { min(featureClamp, max(-featureClamp, $0)) }
            lastInertia = merge.inertia
            lastCounts = (0..<sets * k).map { sum[step.countIndex($0 % k, set: $0 / k)] }
            let best = bestSet
            // Converged (no centroid moved noticeably, none re-seeded), or the last round:
            // it only measured, so keep the centroids it measured. Under noise centroids
            // keep moving, so every planned round runs.
            let converged = noiseScale == 0 && merge.reseeded.isEmpty && merge.shift.allSatisfy { $0 <= 1e-4 }
            if round + 1 < lloydRounds, !converged {
                centroids = merge.centroids
                phase = .lloyd(round + 1)
            } else {
                // Under noise the round's inertia is too noisy to be worth a round of its
                // own, so the design may adopt its update instead.
                if noiseScale > 0, design.adoptLastRound { centroids = merge.centroids }
                phase = self.previous == nil ? .done : .drift
            }
            return AbsorbedRound(metric: lastInertia[best], metricName: "inertia")
        case .drift:
            return try absorbDrift(sum)
        case .done:
            throw ConfigurationError("the K-Means job is finished")
        }
    }

    /// Moves each re-seeded cluster to the summary point with the largest weighted squared
    /// distance to its set's other centroids: a populated region no centroid covers.
    private func reseed(_ merge: inout KMeansMerge, summary: (points: Matrix, weights: [Double])) {
        let d = schema.count
        for set in Set(merge.reseeded.map(\.set)) {
            let empty = Set(merge.reseeded.filter { $0.set == set }.map(\.cluster))
            var placed = (0..<k).filter { !empty.contains($0) }.map { merge.centroids.row(set * k + $0) }
            for cluster in empty.sorted() {
                var best = 0, bestScore = -1.0
                for index in 0..<summary.points.rows {
                    let point = summary.points.row(index)
                    var nearest = Double.infinity
                    for centre in placed {
                        var distance = 0.0
                        for c in 0..<d { distance += (point[c] - centre[c]) * (point[c] - centre[c]) }
                        nearest = min(nearest, distance)
                    }
                    let score = summary.weights[index] * (nearest.isFinite ? nearest : 1)
                    if score > bestScore { (best, bestScore) = (index, score) }
                }
                let point = summary.points.row(best)
                merge.centroids.setRow(set * k + cluster, point)
                placed.append(point)
            }
        }
    }

    /// Undoes the devices' scaling of squared errors and counts.
    private func unscaled(_ sum: [Double], step: KMeansStep, countScale: Double) -> [Double] {
        var sum = sum
        for set in 0..<step.sets {
            for cluster in 0..<step.k {
                sum[step.squaredErrorIndex(cluster, set: set)] /= errorScale
                sum[step.countIndex(cluster, set: set)] /= countScale
            }
        }
        return sum
    }

    private var bestSet: Int {
        lastInertia.indices.min { lastInertia[$0] < lastInertia[$1] } ?? 0
    }

    /// The chosen centroids, in normalized units, one row per cluster.
    var bestCentroids: Matrix? {
        centroids.map { $0.selecting(rows: bestSet * k ..< (bestSet + 1) * k) }
    }

    func results() -> [String: String] {
        guard let centroids = bestCentroids, !lastCounts.isEmpty else { return analyticsResults() }
        var results = analyticsResults()
        results["clusters"] = String(k)
        results["inertia"] = String(lastInertia[bestSet])
        for cluster in 0..<k {
            let size = max(0, lastCounts[bestSet * k + cluster]).rounded()
            guard size >= minimumCount else {
                results["segment_\(cluster)"] = "\(Int(size)) devices; too few to tell from the noise"
                continue
            }
            let row = centroids.row(cluster)
            // What sets a segment apart: its two features furthest from the population mean.
            let distinct = row.indices.sorted { abs(row[$0]) > abs(row[$1]) }.prefix(2)
                .map { "\(schema.names[$0]) \(row[$0] >= 0 ? "+" : "")\(String(format: "%.1f", row[$0]))σ" }
            results["segment_\(cluster)"] = "\(Int(size)) devices; \(distinct.joined(separator: ", "))"
        }
        return results
    }

    func publishedModel() -> (parameters: [Double], metadata: [String: String]) {
        var metadata = ["features": schema.identifier, "clusters": String(k), "feature_clamp": String(featureClamp),
                        "layout": "mean[d], deviation[d], centroids[k·d] (normalized units)"]
        metadata.merge(analyticsMetadata()) { _, new in new }
        guard let centroids = bestCentroids else { return (mean + deviation, metadata) }
        metadata.merge(segmentTree(centroids)) { _, new in new }
        return (mean + deviation + centroids.storage, metadata)
    }

    /// The segments' sizes from the last round and their Ward tree, computed from the model
    /// alone (post-processing of released sums: no privacy cost). Sizes are the noised counts
    /// to one decimal; a size below 1 weighs 1 in the tree, as on the device.
    private func segmentTree(_ centroids: Matrix) -> [String: String] {
        var metadata: [String: String] = [:]
        var weights = [Double](repeating: 1, count: k)
        if !lastCounts.isEmpty {
            let sizes = lastCounts[bestSet * k ..< (bestSet + 1) * k].map { ($0 * 10).rounded() / 10 }
            metadata["segment_sizes"] = sizes.map { String($0) }.joined(separator: ",")
            weights = sizes.map { max(1, $0) }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        if let tree = try? WardTree(centroids: centroids, weights: weights), let json = try? encoder.encode(tree) {
            metadata["segment_tree"] = String(decoding: json, as: UTF8.self)
        }
        return metadata
    }
}
