/// Mini-batch K-Means (Sculley 2010): k-means++ on a sample, then updates from random
/// batches with a per-centre learning rate of 1 / (points seen by that centre).
public struct MiniBatchKMeans: Sendable {
    /// Settings for a mini-batch fit.
    public struct Configuration: Sendable {
        /// Number of clusters.
        public var k: Int
        /// Points per batch. Default 1024.
        public var batchSize: Int = 1024
        /// Batches to process. Default 100.
        public var iterations: Int = 100
        /// Seed for initialization and batch sampling.
        public var seed: UInt64 = 0

        /// Settings for `k` clusters.
        public init(k: Int, batchSize: Int = 1024, iterations: Int = 100, seed: UInt64 = 0) {
            self.k = k
            self.batchSize = batchSize
            self.iterations = iterations
            self.seed = seed
        }
    }

    /// The settings.
    public let configuration: Configuration

    /// A mini-batch fitter with the given settings.
    public init(_ configuration: Configuration) { self.configuration = configuration }

    /// Fits `points` (rows); labels and inertia are computed over all points at the end.
    public func fit(_ points: Matrix) throws -> KMeansResult {
        let k = configuration.k, n = points.rows, d = points.columns
        guard k >= 1, n >= k else { throw MLError.invalid("mini-batch k-means needs 1 ≤ k ≤ points, got k = \(k), \(n) points") }
        guard configuration.batchSize >= 1, configuration.iterations >= 1 else {
            throw MLError.invalid("batch size and iterations must be at least 1")
        }
        var generator = SeededGenerator(seed: configuration.seed)
        // Seed on a sample of a few batches: k-means++ over all points would cost more than the fit.
        let sampleSize = min(n, max(3 * configuration.batchSize, k))
        let sample = points.selecting(rows: (0..<sampleSize).map { _ in generator.nextIndex(n) })
        var centroids = KMeansPlusPlus.initialize(sample, k: k, using: &generator)
        var seen = [Double](repeating: 0, count: k)
        points.storage.withUnsafeBufferPointer { p in
            let base = p.baseAddress!
            for _ in 0..<configuration.iterations {
                let batch = (0..<configuration.batchSize).map { _ in generator.nextIndex(n) }
                let nearest = centroids.storage.withUnsafeBufferPointer { c in
                    batch.map { KMeansKernel.nearest(base + $0 * d, centroids: c.baseAddress!, k: k, d: d).index }
                }
                for (point, j) in zip(batch, nearest) {
                    seen[j] += 1
                    let rate = 1 / seen[j]
                    for c in 0..<d {
                        let value = centroids.storage[j * d + c]
                        centroids.storage[j * d + c] = value + rate * (base[point * d + c] - value)
                    }
                }
            }
        }
        var sums = [Double](repeating: 0, count: k * d)
        var counts = [Double](repeating: 0, count: k)
        var sse = [Double](repeating: 0, count: k)
        var labels = [Int32](repeating: 0, count: n)
        var distances = [Double](repeating: 0, count: n)
        KMeansKernel.accumulate(points: points, weights: nil, centroids: centroids, sums: &sums,
                                counts: &counts, sse: &sse, labels: &labels, distances: &distances)
        return KMeansResult(centroids: centroids, labels: labels.map(Int.init),
                            inertia: sse.reduce(0, +), iterations: configuration.iterations)
    }
}
