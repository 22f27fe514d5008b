/// Centralized K-Means: k-means++ initialization (greedy, as scikit-learn does it) followed by
/// Lloyd iterations, best of `restarts` runs.
public struct KMeans: Sendable {
    /// Settings for a fit, with scikit-learn's defaults where it has one.
    public struct Configuration: Sendable {
        /// Number of clusters.
        public var k: Int
        /// Independent k-means++ + Lloyd runs; the lowest inertia wins. Default 1.
        public var restarts: Int = 1
        /// Upper bound on Lloyd iterations per run. Default 300.
        public var maxIterations: Int = 300
        /// Convergence: stop when the summed squared centroid shift falls below
        /// `tolerance` × the mean per-feature variance of the data. Default 1e-4.
        public var tolerance: Double = 1e-4
        /// Seed for the initialization; runs are reproducible.
        public var seed: UInt64 = 0

        /// Settings for `k` clusters with the defaults above.
        public init(k: Int, restarts: Int = 1, maxIterations: Int = 300, tolerance: Double = 1e-4, seed: UInt64 = 0) {
            self.k = k
            self.restarts = restarts
            self.maxIterations = maxIterations
            self.tolerance = tolerance
            self.seed = seed
        }
    }

    /// The settings.
    public let configuration: Configuration

    /// A K-Means fitter with the given settings.
    public init(_ configuration: Configuration) { self.configuration = configuration }

    /// Fits `points` (one point per row), optionally weighted (one weight per row, ≥ 0).
    public func fit(_ points: Matrix, weights: [Double]? = nil) throws -> KMeansResult {
        let k = configuration.k
        guard k >= 1 else { throw MLError.invalid("k must be at least 1, got \(k)") }
        guard points.rows >= k else {
            throw MLError.invalid("k-means needs at least k = \(k) points, got \(points.rows)")
        }
        guard configuration.restarts >= 1, configuration.maxIterations >= 1 else {
            throw MLError.invalid("restarts and maxIterations must be at least 1")
        }
        if let weights {
            guard weights.count == points.rows else {
                throw MLError.dimension("\(weights.count) weights for \(points.rows) points")
            }
            guard weights.allSatisfy({ $0 >= 0 && $0.isFinite }), weights.contains(where: { $0 > 0 }) else {
                throw MLError.invalid("weights must be finite, non-negative and not all zero")
            }
        }
        let threshold = configuration.tolerance * Self.meanVariance(points, weights: weights)
        var generator = SeededGenerator(seed: configuration.seed)
        var best: KMeansResult?
        for _ in 0..<configuration.restarts {
            let initial = KMeansPlusPlus.initialize(points, k: k, weights: weights, using: &generator)
            let result = Lloyd.run(points, weights: weights, centroids: initial,
                                   maxIterations: configuration.maxIterations, shiftThreshold: threshold)
            if best == nil || result.inertia < best!.inertia { best = result }
        }
        return best!
    }

    /// The nearest centroid of every point (what a device does to learn its own segment).
    public static func assign(_ points: Matrix, centroids: Matrix) throws -> [Int] {
        guard points.columns == centroids.columns, centroids.rows >= 1 else {
            throw MLError.dimension("points have \(points.columns) columns, centroids \(centroids.columns) (and there must be at least one)")
        }
        guard points.rows > 0 else { return [] }
        return points.storage.withUnsafeBufferPointer { p in
            centroids.storage.withUnsafeBufferPointer { c in
                (0..<points.rows).map {
                    KMeansKernel.nearest(p.baseAddress! + $0 * points.columns, centroids: c.baseAddress!,
                                         k: centroids.rows, d: centroids.columns).index
                }
            }
        }
    }

    /// Mean over features of the (weighted) variance: the scale the tolerance is relative to.
    static func meanVariance(_ points: Matrix, weights: [Double]?) -> Double {
        let d = points.columns
        var mean = [Double](repeating: 0, count: d)
        var square = [Double](repeating: 0, count: d)
        var total = 0.0
        for i in 0..<points.rows {
            let w = weights?[i] ?? 1
            total += w
            for c in 0..<d {
                let x = points.storage[i * d + c]
                mean[c] += w * x
                square[c] += w * x * x
            }
        }
        guard total > 0, d > 0 else { return 0 }
        var variance = 0.0
        for c in 0..<d {
            let m = mean[c] / total
            variance += max(0, square[c] / total - m * m)
        }
        return variance / Double(d)
    }
}

/// The outcome of a K-Means fit.
public struct KMeansResult: Sendable {
    /// The k centroids, one per row.
    public var centroids: Matrix
    /// Cluster of each point (row order of the fitted points).
    public var labels: [Int]
    /// Sum of squared distances from each point to its centroid (weighted when fitted with weights).
    public var inertia: Double
    /// Lloyd iterations run.
    public var iterations: Int
}
