@testable import ConfideML
import Testing

@Suite("K-Means: centralized, metrics, federated step and initialization")
struct KMeansTests {
    private let blobs = try! Blobs(count: 2_000, dimension: 4, centreCount: 5, spread: 1.0, seed: 11)

    @Test func recoversWellSeparatedBlobs() throws {
        let result = try KMeans(.init(k: 5, restarts: 3, seed: 1)).fit(blobs.points)
        #expect(try AdjustedRandIndex.score(blobs.labels, result.labels) >= 0.99)
        #expect(abs(try ClusterQuality.inertia(blobs.points, labels: result.labels, centroids: result.centroids) - result.inertia)
                <= 1e-6 * result.inertia)
        // Deterministic for a seed.
        #expect(try KMeans(.init(k: 5, restarts: 3, seed: 1)).fit(blobs.points).inertia == result.inertia)
    }

    @Test func miniBatchComesCloseToLloyd() throws {
        let full = try KMeans(.init(k: 5, restarts: 3, seed: 2)).fit(blobs.points)
        let mini = try MiniBatchKMeans(.init(k: 5, batchSize: 256, iterations: 100, seed: 2)).fit(blobs.points)
        #expect(mini.inertia <= full.inertia * 1.05)
    }

    @Test func rejectsImpossibleFits() {
        #expect(throws: MLError.self) { try KMeans(.init(k: 0)).fit(blobs.points) }
        #expect(throws: MLError.self) { try KMeans(.init(k: 3)).fit(Matrix(rows: 2, columns: 2)) }
        #expect(throws: MLError.self) { try KMeans(.init(k: 2)).fit(blobs.points, weights: [1, 2]) }
    }

    @Test func adjustedRandIndexMatchesKnownValues() throws {
        #expect(try AdjustedRandIndex.score([0, 0, 1, 1], [1, 1, 0, 0]) == 1)
        // scikit-learn: adjusted_rand_score([0, 0, 1, 1], [0, 0, 1, 2]) = 0.5714285714285715
        #expect(abs(try AdjustedRandIndex.score([0, 0, 1, 1], [0, 0, 1, 2]) - 0.5714285714285715) < 1e-12)
        // By hand: index 2, expected 6·3/15 = 1.2, maximum 4.5 → (2 − 1.2) / (4.5 − 1.2) = 8/33.
        #expect(abs(try AdjustedRandIndex.score([0, 0, 0, 1, 1, 1], [0, 1, 0, 1, 2, 2]) - 8.0 / 33) < 1e-12)
        #expect(throws: MLError.self) { try AdjustedRandIndex.score([0], [0, 1]) }
    }

    @Test func silhouetteAndDaviesBouldinOnAHandExample() throws {
        // Two tight pairs far apart: a(i) = 1, b(i) ≈ 10 → s ≈ 0.9; scatter 0.5 each, separation 10 → DB 0.1.
        let points = try Matrix(rowArrays: [[0, 0], [1, 0], [10, 0], [11, 0]])
        let labels = [0, 0, 1, 1]
        let silhouette = try ClusterQuality.silhouette(points, labels: labels)
        #expect(abs(silhouette - (1 - 1 / 10.0)) < 0.01)
        let centroids = try Matrix(rowArrays: [[0.5, 0], [10.5, 0]])
        #expect(abs(try ClusterQuality.daviesBouldin(points, labels: labels, centroids: centroids) - 0.1) < 1e-12)
    }

    @Test func choosesTheTrueNumberOfClusters() throws {
        let data = try Blobs(count: 600, dimension: 3, centreCount: 4, spread: 0.5, seed: 5)
        let selection = try KSelection(data.points, ks: 2...7, restarts: 2, silhouetteSample: 600, seed: 1)
        #expect(selection.bySilhouette == 4)
        #expect(selection.byElbow == 4, "inertias: \(selection.entries.map(\.inertia))")
    }

    @Test func deviceUpdatesSumToTheUpdateOfTheUnion() throws {
        let step = try KMeansStep(k: 5, d: 4, sets: 2)
        var generator = SeededGenerator(seed: 3)
        let centroids = KMeansPlusPlus.initialize(blobs.points, k: 10, using: &generator)
        let devices = (0..<4).map { blobs.points.selecting(rows: $0 * 500 ..< ($0 + 1) * 500) }
        var summed = [Double](repeating: 0, count: step.dimension)
        for device in devices {
            let update = try step.deviceUpdate(centroids: centroids, points: device)
            #expect(update.count == 2 * 5 * (4 + 2))
            for index in summed.indices { summed[index] += update[index] }
        }
        let whole = try step.deviceUpdate(centroids: centroids, points: blobs.points)
        #expect(zip(summed, whole).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) })
        #expect((0..<5).reduce(0.0) { $0 + whole[step.countIndex($1, set: 1)] } == 2_000)
    }

    @Test func mergingSumsIsOneLloydStep() throws {
        let step = try KMeansStep(k: 5, d: 4)
        var generator = SeededGenerator(seed: 4)
        let start = KMeansPlusPlus.initialize(blobs.points, k: 5, using: &generator)
        let merge = try KMeansMerge(step: step, sum: step.deviceUpdate(centroids: start, points: blobs.points), previous: start)
        let labels = try KMeans.assign(blobs.points, centroids: start)
        for j in 0..<5 {
            let members = labels.indices.filter { labels[$0] == j }
            for c in 0..<4 {
                let mean = members.reduce(0.0) { $0 + blobs.points[$1, c] } / Double(members.count)
                #expect(abs(merge.centroids[j, c] - mean) < 1e-9)
            }
        }
        #expect(abs(merge.inertia[0] - (try ClusterQuality.inertia(blobs.points, labels: labels, centroids: start))) < 1e-6)
    }

    @Test func emptyClustersAreReseededBySplittingTheWidest() throws {
        let step = try KMeansStep(k: 3, d: 2)
        let points = try Matrix(rowArrays: [[0, 0], [0, 1], [10, 0], [10, 1], [20, 0], [30, 0]])
        // Cluster 2 sits far away and gets no points.
        let centroids = try Matrix(rowArrays: [[0, 0.5], [20, 0], [1_000, 1_000]])
        let merge = try KMeansMerge(step: step, sum: step.deviceUpdate(centroids: centroids, points: points), previous: centroids, seed: 1)
        #expect(merge.reseeded.map(\.cluster) == [2])
        // (10, 1) is nearer cluster 0, so the widest cluster is {(10, 0), (20, 0), (30, 0)}
        // around (20, 0); its two halves straddle that mean.
        let a = merge.centroids.row(1), b = merge.centroids.row(2)
        #expect(abs((a[0] + b[0]) / 2 - 20) < 1e-9 && abs(a[1] + b[1]) < 1e-9)
        #expect(a != b)
        #expect(merge.centroids.storage.allSatisfy { $0.isFinite })
    }

    @Test func federatedRunMatchesCentralizedOnBlobs() throws {
        let central = try KMeans(.init(k: 5, restarts: 5, seed: 1)).fit(blobs.points)
        let devices = (0..<100).map { blobs.points.selecting(rows: $0 * 20 ..< ($0 + 1) * 20) }
        let outcome = try FederatedKMeansSimulation(initialization: .init(k: 5, seed: 1), parallelRuns: 5).run(devices: devices)
        #expect(outcome.inertia <= central.inertia * 1.02)
        #expect(try AdjustedRandIndex.score(blobs.labels, KMeans.assign(blobs.points, centroids: outcome.centroids)) >= 0.99)
        // Stats round + 5 sketch rounds + at least one Lloyd round + the final evaluation.
        #expect(outcome.rounds >= 8)
    }

    @Test func initializationNeedsAllSketchRounds() throws {
        let statistics = FeatureStatistics(blobs.points)
        var initializer = try FederatedKMeansInit(.init(k: 5, sketchRounds: 2, seed: 3), statistics: statistics)
        #expect(throws: MLError.self) { try initializer.initialCentroids() }
        try initializer.absorb(sum: initializer.step.deviceUpdate(centroids: initializer.cells, points: blobs.points))
        try initializer.absorb(sum: initializer.step.deviceUpdate(centroids: initializer.cells, points: blobs.points))
        #expect(initializer.isComplete)
        let seeds = try initializer.initialCentroids(sets: 3)
        #expect(seeds.rows == 15 && seeds.columns == 4)
        #expect(throws: MLError.self) { try initializer.absorb(sum: []) }
    }

    @Test func noisySumsMoveLargeClustersAndHoldSmallOnesBack() throws {
        let step = try KMeansStep(k: 2, d: 1)
        var sum = [Double](repeating: 0, count: step.dimension)
        sum[step.sumOffset(0)] = 5 * 1_000; sum[step.countIndex(0)] = 1_000
        sum[step.sumOffset(1)] = 5 * 2; sum[step.countIndex(1)] = 2
        let previous = try Matrix(rowArrays: [[0], [0]])
        let merge = try KMeansMerge(step: step, sum: sum, previous: previous, shrinkage: (noise: 10, spread: 1))
        // Bayes factors 10⁶/(10⁶ + 100) and 4/(4 + 100).
        #expect(abs(merge.centroids[0, 0] - 5 * 1e6 / (1e6 + 100)) < 1e-9)
        #expect(abs(merge.centroids[1, 0] - 5 * 4 / 104) < 1e-9)
        let plain = try KMeansMerge(step: step, sum: sum, previous: previous)
        #expect(plain.centroids[0, 0] == 5 && plain.centroids[1, 0] == 5)
    }

    @Test func underNoiseTheFullestClusterIsSplitByAFixedRadius() throws {
        let step = try KMeansStep(k: 3, d: 2)
        var sum = [Double](repeating: 0, count: step.dimension)
        sum[step.countIndex(0)] = 10; sum[step.squaredErrorIndex(0)] = 1e9
        sum[step.sumOffset(1)] = 100 * 4; sum[step.countIndex(1)] = 100; sum[step.squaredErrorIndex(1)] = -50
        sum[step.countIndex(2)] = 0.2
        let previous = try Matrix(rowArrays: [[0, 0], [1, 1], [9, 9]])
        let merge = try KMeansMerge(step: step, sum: sum, previous: previous, splitRadius: 0.5, seed: 2)
        #expect(merge.reseeded.map(\.cluster) == [2])
        // The donor is the fullest cluster (a noisy squared error of 10⁹ does not matter),
        // and its halves sit 0.5 apart around its mean (4, 0).
        let a = merge.centroids.row(1), b = merge.centroids.row(2)
        #expect(abs((a[0] + b[0]) / 2 - 4) < 1e-9 && abs(a[1] + b[1]) < 1e-9)
        #expect(abs(((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1])).squareRoot() - 0.5) < 1e-9)
        #expect(merge.centroids.row(0) == [0, 0])
    }

    @Test func refiningOnTheSketchFindsTheBlobs() throws {
        let statistics = FeatureStatistics(blobs.points)
        var initializer = try FederatedKMeansInit(.init(k: 5, seed: 3), statistics: statistics)
        while !initializer.isComplete {
            try initializer.absorb(sum: initializer.step.deviceUpdate(centroids: initializer.cells, points: blobs.points))
        }
        let central = try KMeans(.init(k: 5, restarts: 5, seed: 1)).fit(blobs.points)
        let refined = try initializer.initialCentroids(refine: true)
        let labels = try KMeans.assign(blobs.points, centroids: refined)
        let inertia = try ClusterQuality.inertia(blobs.points, labels: labels, centroids: refined)
        // Clustering the summary alone, without a federated Lloyd round, lands within 5%.
        #expect(inertia <= central.inertia * 1.05, "\(inertia) vs \(central.inertia)")
        let summary = initializer.summary()
        #expect(summary.points.rows == summary.weights.count && summary.points.rows >= 5)
        // Cells of fewer than two points are left out of the summary.
        let covered = summary.weights.reduce(0, +)
        #expect(covered <= Double(blobs.points.rows) + 1e-6 && covered >= 0.95 * Double(blobs.points.rows))
    }

    @Test func momentumKeepsAShareOfThePreviousCentroids() throws {
        let step = try KMeansStep(k: 2, d: 1)
        var sum = [Double](repeating: 0, count: step.dimension)
        sum[step.sumOffset(0)] = 40; sum[step.countIndex(0)] = 10
        let previous = try Matrix(rowArrays: [[0], [7]])
        let merge = try KMeansMerge(step: step, sum: sum, previous: previous, minimumCount: 0.5, momentum: 0.5, splitRadius: 1)
        // Half-way from 0 to the mean 4; then the empty cluster splits it: halves 1 apart around 2.
        #expect(merge.reseeded.map(\.cluster) == [1])
        #expect(abs((merge.centroids[0, 0] + merge.centroids[1, 0]) / 2 - 2) < 1e-9)
        #expect(abs(abs(merge.centroids[1, 0] - merge.centroids[0, 0]) - 1) < 1e-9)
    }
}
