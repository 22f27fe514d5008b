/// Choosing the number of clusters: fit K-Means for a range of k, then pick k at the elbow
/// of the inertia curve or where the silhouette is highest. The entries come from fits on
/// one dataset here, or from a federated sweep's aggregates (`KSweep`).
public struct KSelection: Sendable, Equatable {
    /// One fitted k.
    public struct Entry: Sendable, Equatable, Codable {
        /// The number of clusters.
        public var k: Int
        /// Inertia of the fit.
        public var inertia: Double
        /// Silhouette of the fit (k ≥ 2): sampled, or simplified in a federated sweep.
        public var silhouette: Double

        /// An entry from its figures.
        public init(k: Int, inertia: Double, silhouette: Double) {
            self.k = k
            self.inertia = inertia
            self.silhouette = silhouette
        }
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

    /// A selection over measured `entries`: at least 3, of consecutive k from 2 up, finite figures.
    public init(entries: [Entry]) throws {
        guard entries.count >= 3, entries[0].k >= 2, zip(entries, entries.dropFirst()).allSatisfy({ $1.k == $0.k + 1 }),
              entries.allSatisfy({ $0.inertia.isFinite && $0.silhouette.isFinite }) else {
            throw MLError.invalid("choosing k needs at least 3 consecutive candidates from k = 2 up with finite figures")
        }
        self.entries = entries
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
