import ConfideML
import ConfideProtocol
import Foundation

/// The two measuring rounds of a K-Means job: the sweep that chooses k, and the count of
/// devices by their segment under the earlier model and the new one (drift).
extension KMeansJob {
    // MARK: Choosing k

    /// Fits every candidate k to the completed sketch (post-processing: no privacy cost) and
    /// moves to the sweep round that measures them on the devices.
    mutating func prepareSweep() throws {
        guard let initializer else { throw ConfigurationError("K-Means sweep without a sketch") }
        sweepCentroids = try candidates.map { try initializer.initialCentroids(k: $0, sets: 1, refine: true) }
        phase = .sweep
    }

    func sweepRound() -> PlannedRound {
        let work = RoundWork(kind: .kmeansSweep, vectorLength: KSweep.dimension(candidates: candidates.count),
                             features: FeatureSet(rawValue: schema.identifier), featureClamp: featureClamp, errorScale: errorScale,
                             candidates: Array(candidates))
        // Per candidate a scaled squared distance ≤ 1 and a silhouette in [0, 1], then a 1.
        return PlannedRound(task: .kmeans, work: work, parameters: mean + deviation + sweepCentroids.flatMap(\.storage),
                            sensitivity: Double(KSweep.dimension(candidates: candidates.count)).squareRoot())
    }

    /// Reads the sweep, adopts the k with the highest silhouette and starts Lloyd rounds from
    /// the sketch's centroids for it.
    mutating func absorbSweep(_ sum: [Double]) throws -> AbsorbedRound {
        guard let initializer else { throw ConfigurationError("K-Means sweep without a sketch") }
        let selection = try KSelection(entries: try KSweep.entries(sum: sum, ks: Array(candidates), errorScale: errorScale))
        sweep = selection
        k = selection.bySilhouette
        step = try KMeansStep(k: k, d: schema.count, sets: sets)
        centroids = try initializer.initialCentroids(k: k, sets: sets, refine: noisy && design.refineOnSketch)
        phase = .lloyd(0)
        return AbsorbedRound(metric: selection.entries.first { $0.k == k }?.silhouette, metricName: "silhouette")
    }

    // MARK: Drift

    func driftRound() throws -> PlannedRound? {
        guard let previous, let centroids = bestCentroids else { return nil }
        let work = RoundWork(kind: .segmentTransition, vectorLength: previous.clusters * k, features: previous.features,
                             clusters: k, featureClamp: featureClamp, previousClusters: previous.clusters,
                             previousFeatureClamp: previous.featureClamp)
        // One 1 in the vector.
        return PlannedRound(task: .kmeans, work: work, parameters: previous.parameters + mean + deviation + centroids.storage,
                            sensitivity: 1)
    }

    mutating func absorbDrift(_ sum: [Double]) throws -> AbsorbedRound {
        guard let previous, let centroids = bestCentroids else { throw ConfigurationError("K-Means drift without two models") }
        let later = try SegmentModel(schema: schema, parameters: mean + deviation + centroids.storage, clusters: k,
                                     featureClamp: featureClamp)
        let measured = try SegmentDrift(from: previous.model(), to: later, transitions: sum)
        drift = measured
        phase = .done
        return AbsorbedRound(metric: measured.shareChanged, metricName: "segments_changed_share")
    }

    // MARK: Reporting

    /// The sweep's and the drift's figures for admins.
    func analyticsResults() -> [String: String] {
        var results = sweepMetadata()
        if let drift, let previous {
            results["drift_from_version"] = String(previous.version)
            results["drift_mean_movement"] = String(format: "%.3f", drift.meanMovement)
            if let share = drift.shareChanged { results["drift_share_changed"] = String(format: "%.3f", share) }
        }
        return results
    }

    /// The sweep's curve (JSON: k, inertia, silhouette per candidate) and its picks.
    private func sweepMetadata() -> [String: String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let sweep, let json = try? encoder.encode(sweep.entries) else { return [:] }
        return ["k_sweep": String(decoding: json, as: UTF8.self), "k_recommended": String(sweep.bySilhouette),
                "k_elbow": String(sweep.byElbow)]
    }

    /// The sweep's and the drift's figures in the published model's metadata (post-processing
    /// of released sums: no privacy cost). `k_sweep` and `drift_*` lists are JSON.
    func analyticsMetadata() -> [String: String] {
        var metadata: [String: String] = [:]
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        metadata.merge(sweepMetadata()) { _, new in new }
        if let drift, let previous {
            metadata["drift_from_version"] = String(previous.version)
            metadata["drift_mean_movement"] = String(drift.meanMovement)
            if let share = drift.shareChanged { metadata["drift_share_changed"] = String(share) }
            if let json = try? encoder.encode(drift.matching) { metadata["drift_matching"] = String(decoding: json, as: UTF8.self) }
            if let json = try? encoder.encode(drift.movement) { metadata["drift_movement"] = String(decoding: json, as: UTF8.self) }
            if let transitions = drift.transitions {
                metadata["drift_transitions"] = transitions.map { String(($0 * 10).rounded() / 10) }.joined(separator: ",")
            }
        }
        return metadata
    }
}
