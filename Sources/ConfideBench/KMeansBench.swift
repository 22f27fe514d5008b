import ArgumentParser
import ConfideML
import Foundation

/// `confide-bench kmeans`: centralized, mini-batch and simulated-federated K-Means on
/// Gaussian blobs or on z-scored MovieLens-100K user features.
struct KMeansBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kmeans",
        abstract: "K-Means fit time, inertia, ARI and silhouette; federated inertia against centralized."
    )

    enum Dataset: String, ExpressibleByArgument { case blobs, ml100k = "ml-100k", synthetic }

    @Option(help: "blobs (generated), ml-100k (per-user features) or synthetic (e-commerce users, --points of them); one device per user for the last two.")
    var dataset: Dataset = .blobs
    @Option(help: "Points to generate (blobs).")
    var points = 100_000
    @Option(help: "Dimensions (blobs).")
    var dim = 16
    @Option(help: "Clusters (blobs: also the number of centres).")
    var k = 10
    @Option(help: "Seed for data, initialization and the federated run.")
    var seed: UInt64 = 42
    @Option(help: "k-means++ restarts of the centralized fit (scikit-learn's n_init).")
    var restarts = 10
    @Option(help: "Devices the blobs are spread over in the federated run.")
    var devices = 1_000
    @Option(help: "Cells in the federated initialization sketch (0: the default, max(8k, 32)).")
    var sketchCells = 0
    @Option(help: "Federated rounds refining the sketch.")
    var sketchRounds = 5
    @Option(help: "Starting sets the federated run follows in parallel.")
    var parallelRuns = 10
    @Option(help: "Timing repetitions of the centralized fit; the best is reported.")
    var repetitions = 3
    @Option(help: "Folder of MovieLens-100K (default: $CONFIDE_ML100K_DIR or var/data/ml-100k).")
    var data: String?

    func validate() throws {
        guard points >= k, dim >= 1, k >= 2, restarts >= 1, devices >= 1, repetitions >= 1,
              sketchCells >= 0, sketchRounds >= 1, parallelRuns >= 1 else {
            throw ValidationError("need points ≥ k ≥ 2, dim ≥ 1, sketch cells ≥ 0, and positive restarts, devices, repetitions, sketch rounds and parallel runs")
        }
    }

    func run() throws {
        var report = BenchReport()
        let (points, truth, deviceRows) = try loadData(&report)
        report.figure("points", points.rows)
        report.figure("dim", points.columns)
        report.figure("k", k)
        report.figure("restarts", restarts)

        let kmeans = KMeans(.init(k: k, restarts: restarts, seed: seed))
        var result: KMeansResult?
        let fitSeconds = try Timing.best(of: repetitions) { result = try kmeans.fit(points) }
        let central = result!
        report.figure("fit_s", fitSeconds, digits: 4)
        report.figure("iterations", central.iterations)
        report.figure("inertia", central.inertia, digits: 1)
        let silhouette = try ClusterQuality.silhouette(points, labels: central.labels, sampleSize: 2_000, seed: seed)
        report.figure("silhouette", silhouette, digits: 4)
        report.figure("davies_bouldin", try ClusterQuality.daviesBouldin(points, labels: central.labels, centroids: central.centroids), digits: 4)
        if let truth {
            let ari = try AdjustedRandIndex.score(truth, central.labels)
            report.figure("ari", ari, digits: 4)
            if dataset == .blobs { report.check(ari >= 0.99, "centralized ARI ≥ 0.99 on blobs") }
        }
        report.check(silhouette > 0, "silhouette is positive")

        var single: KMeansResult?
        let singleSeconds = try Timing.best(of: repetitions) { single = try KMeans(.init(k: k, seed: seed)).fit(points) }
        report.figure("fit_single_init_s", singleSeconds, digits: 4)
        report.figure("single_init_inertia_ratio", single!.inertia / central.inertia, digits: 4)

        var miniBatch: KMeansResult?
        let miniBatchSeconds = try Timing.seconds {
            miniBatch = try MiniBatchKMeans(.init(k: k, batchSize: 1_024, iterations: 200, seed: seed)).fit(points)
        }
        report.figure("minibatch_fit_s", miniBatchSeconds, digits: 4)
        report.figure("minibatch_inertia_ratio", miniBatch!.inertia / central.inertia, digits: 4)

        let initialization = FederatedKMeansInit.Configuration(k: k, cells: sketchCells, sketchRounds: sketchRounds, seed: seed)
        let simulation = FederatedKMeansSimulation(initialization: initialization, parallelRuns: parallelRuns)
        var outcome: FederatedKMeansSimulation.Outcome?
        let federatedSeconds = try Timing.seconds { outcome = try simulation.run(devices: deviceRows) }
        let federated = outcome!
        let ratio = federated.inertia / central.inertia
        report.figure("federated_devices", deviceRows.count)
        report.figure("federated_rounds", federated.rounds)
        report.figure("federated_fit_s", federatedSeconds, digits: 4)
        report.figure("federated_inertia", federated.inertia, digits: 1)
        report.figure("federated_inertia_ratio", ratio, digits: 4)
        if let truth {
            let labels = try KMeans.assign(points, centroids: federated.centroids)
            report.figure("federated_ari", try AdjustedRandIndex.score(truth, labels), digits: 4)
        }
        report.check(ratio <= 1.02, "federated inertia within 2% of centralized k-means++")
        throw report.finish()
    }

    /// All points, ground-truth labels (blobs), and the points split by device.
    private func loadData(_ report: inout BenchReport) throws -> (Matrix, [Int]?, [Matrix]) {
        switch dataset {
        case .blobs:
            report.figure("dataset", "blobs")
            let blobs = try Blobs(count: points, dimension: dim, centreCount: k, spread: 1.5, seed: seed)
            let per = (blobs.points.rows + devices - 1) / devices
            let parts = stride(from: 0, to: blobs.points.rows, by: per).map {
                blobs.points.selecting(rows: $0 ..< min($0 + per, blobs.points.rows))
            }
            return (blobs.points, blobs.labels, parts)
        case .ml100k:
            report.figure("dataset", "ml-100k")
            let directory = data.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? MovieLens.defaultDirectory
            let movieLens = try MovieLens.load(from: directory)
            let raw = try MovieLensUserFeatures.table(movieLens).features
            // Each device z-scores its own row with the global statistics (Σx, Σx², n).
            let rows = (0..<raw.rows).map { raw.selecting(rows: [$0]) }
            var sum = [Double](repeating: 0, count: FeatureStatistics.dimension(features: raw.columns))
            for row in rows {
                for (index, value) in FeatureStatistics(row).vector.enumerated() { sum[index] += value }
            }
            let normalizer = try Normalizer.zScore(FeatureStatistics(vector: sum, features: raw.columns))
            let scaled = try normalizer.apply(raw)
            return (scaled, nil, try rows.map { try normalizer.apply($0) })
        case .synthetic:
            report.figure("dataset", "synthetic")
            let population = try SyntheticCommerce(.init(users: points, seed: seed))
            var users: [CommerceUser] = []
            report.figure("generate_s", Timing.seconds { users = population.users() }, digits: 4)
            let cleaner = CommerceCleaner(.init(now: population.configuration.windowEnd))
            var cleaningReport = CleaningReport()
            var rows: [[Double]] = []
            report.figure("clean_features_s", Timing.seconds {
                rows = users.map {
                    CommerceFeatures.features(of: cleaner.clean($0, report: &cleaningReport),
                                              referenceTime: population.configuration.windowEnd)
                }
            }, digits: 4)
            report.figure("events", users.reduce(0) { $0 + $1.events.count })
            report.figure("duplicates_dropped", cleaningReport.count(rule: "duplicate_event"))
            let raw = try Matrix(rowArrays: rows)
            let normalizer = try Normalizer.zScore(FeatureStatistics(raw))
            let scaled = try normalizer.apply(raw)
            return (scaled, users.map(\.profile.segment), (0..<scaled.rows).map { scaled.selecting(rows: [$0]) })
        }
    }
}
