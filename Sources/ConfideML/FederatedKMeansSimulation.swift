/// Federated K-Means over in-memory devices with plain sums (no cryptography): the
/// reference run that the secure version must reproduce, and what benchmarks compare with
/// centralized K-Means.
///
/// Rounds: one statistics round (`FeatureStatistics`), `sketchRounds` initialization rounds
/// (`FederatedKMeansInit`), then Lloyd rounds (`KMeansStep` + `KMeansMerge`) that follow
/// `parallelRuns` starting sets at once until their centroids move less than the tolerance,
/// and one last round that measures each set's inertia; the best set wins.
public struct FederatedKMeansSimulation: Sendable {
    /// The outcome of a simulated federated fit.
    public struct Outcome: Sendable {
        /// Final centroids.
        public var centroids: Matrix
        /// Inertia of the final centroids over all devices' points.
        public var inertia: Double
        /// Federated rounds used, statistics and sketch rounds included.
        public var rounds: Int
        /// Inertia of the best set after each Lloyd round (of the centroids that round started from).
        public var inertiaHistory: [Double]
    }

    /// Initialization settings (k, sketch size and rounds, seed).
    public var initialization: FederatedKMeansInit.Configuration
    /// Upper bound on Lloyd rounds. Default 100.
    public var maxLloydRounds: Int = 100
    /// Stop when the summed squared centroid shift is below this × the mean feature variance. Default 1e-4.
    public var tolerance: Double = 1e-4
    /// Starting sets followed in parallel (the federated counterpart of restarts). Default 10.
    public var parallelRuns: Int = 10

    /// Settings with the given initialization and defaults for the rest.
    public init(initialization: FederatedKMeansInit.Configuration, maxLloydRounds: Int = 100,
                tolerance: Double = 1e-4, parallelRuns: Int = 10) {
        self.initialization = initialization
        self.maxLloydRounds = maxLloydRounds
        self.tolerance = tolerance
        self.parallelRuns = parallelRuns
    }

    /// Runs the protocol over `devices`, each one device's own points (rows, same width).
    public func run(devices: [Matrix]) throws -> Outcome {
        guard parallelRuns >= 1, maxLloydRounds >= 1 else {
            throw MLError.invalid("federated k-means needs at least one parallel run and one Lloyd round")
        }
        guard let d = devices.first(where: { $0.rows > 0 })?.columns else {
            throw MLError.invalid("federated k-means needs at least one device with points")
        }
        var statisticsSum = [Double](repeating: 0, count: FeatureStatistics.dimension(features: d))
        for device in devices where device.rows > 0 {
            guard device.columns == d else { throw MLError.dimension("devices' points differ in width: \(device.columns) and \(d)") }
            add(FeatureStatistics(device).vector, to: &statisticsSum)
        }
        let statistics = try FeatureStatistics(vector: statisticsSum, features: d)
        var rounds = 1

        var initializer = try FederatedKMeansInit(initialization, statistics: statistics)
        while !initializer.isComplete {
            try initializer.absorb(sum: sumOfUpdates(initializer.step, initializer.cells, devices))
            rounds += 1
        }
        var centroids = try initializer.initialCentroids(sets: parallelRuns)

        let step = try KMeansStep(k: initialization.k, d: d, sets: parallelRuns)
        let threshold = tolerance * statistics.variance.reduce(0, +) / Double(d)
        var history: [Double] = []
        for lloydRound in 0..<maxLloydRounds {
            let merge = try KMeansMerge(step: step, sum: sumOfUpdates(step, centroids, devices), previous: centroids,
                                        seed: initialization.seed &+ 1_000 &+ UInt64(lloydRound))
            rounds += 1
            history.append(merge.inertia.min()!)
            centroids = merge.centroids
            if merge.shift.allSatisfy({ $0 <= threshold }) && merge.reseeded.isEmpty { break }
        }
        let final = try sumOfUpdates(step, centroids, devices)
        rounds += 1
        let inertias = (0..<parallelRuns).map { step.inertia(of: final, set: $0) }
        let best = inertias.indices.min { inertias[$0] < inertias[$1] }!
        let k = initialization.k
        return Outcome(centroids: centroids.selecting(rows: best * k ..< (best + 1) * k), inertia: inertias[best],
                       rounds: rounds, inertiaHistory: history)
    }

    private func sumOfUpdates(_ step: KMeansStep, _ centroids: Matrix, _ devices: [Matrix]) throws -> [Double] {
        var sum = [Double](repeating: 0, count: step.dimension)
        for device in devices { try step.accumulate(centroids: centroids, points: device, into: &sum) }
        return sum
    }
}

/// Adds `vector` into `sum` element-wise (equal lengths).
func add(_ vector: [Double], to sum: inout [Double]) {
    for index in sum.indices { sum[index] += vector[index] }
}
