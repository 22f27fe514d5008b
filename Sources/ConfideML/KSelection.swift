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

    /// The k at the elbow: the point of the inertia curve farthest from the straight line
    /// between its first and last points (the "kneedle" rule), on axes scaled to [0, 1].
    public var byElbow: Int {
        let first = entries.first!, last = entries.last!
        let kSpan = Double(last.k - first.k)
        let inertiaSpan = first.inertia - last.inertia
        guard inertiaSpan > 0 else { return first.k }
        var best = first.k
        var bestGap = -Double.infinity
        for entry in entries {
            let x = Double(entry.k - first.k) / kSpan
            let y = (first.inertia - entry.inertia) / inertiaSpan
            // The chord runs from (0, 0) to (1, 1); a convex drop lies above it by y − x.
            let gap = y - x
            if gap > bestGap {
                bestGap = gap
                best = entry.k
            }
        }
        return best
    }
}
