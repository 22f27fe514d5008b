/// Choosing the number of clusters: fit K-Means for a range of k, then pick k at the elbow
/// of the inertia curve or where the silhouette is highest.
public struct KSelection: Sendable {
    /// One fitted k.
    public struct Entry: Sendable {
        /// The number of clusters.
        public var k: Int
        /// Inertia of the fit.
        public var inertia: Double
        /// Sampled silhouette of the fit (k ≥ 2).
        public var silhouette: Double
    }

    /// The fits, by increasing k.
    public let entries: [Entry]

    /// Fits every k in `ks` (each with `restarts` k-means++ runs) and measures it.
    public init(_ points: Matrix, ks: ClosedRange<Int>, restarts: Int = 3, silhouetteSample: Int = 2_000, seed: UInt64 = 0) throws {
        guard ks.lowerBound >= 2 else { throw MLError.invalid("choosing k starts at k = 2, got \(ks.lowerBound)") }
        guard ks.count >= 3 else { throw MLError.invalid("choosing k needs at least 3 candidates, got \(ks)") }
        entries = try ks.map { k in
            let result = try KMeans(.init(k: k, restarts: restarts, seed: seed)).fit(points)
            let silhouette = try ClusterQuality.silhouette(points, labels: result.labels, sampleSize: silhouetteSample, seed: seed)
            return Entry(k: k, inertia: result.inertia, silhouette: silhouette)
        }
    }

    /// The k with the highest silhouette.
    public var bySilhouette: Int {
        entries.max { $0.silhouette < $1.silhouette }!.k
    }

    /// The k at the elbow: where the inertia stops falling fast, i.e. the k whose drop from
    /// k − 1 is largest relative to the next drop (to k + 1). Ends of the range cannot win.
    public var byElbow: Int {
        var best = entries[1].k
        var bestRatio = -Double.infinity
        for index in 1..<(entries.count - 1) {
            let drop = entries[index - 1].inertia - entries[index].inertia
            let next = max(entries[index].inertia - entries[index + 1].inertia, 1e-12 * entries[0].inertia)
            if drop / next > bestRatio {
                bestRatio = drop / next
                best = entries[index].k
            }
        }
        return best
    }
}
