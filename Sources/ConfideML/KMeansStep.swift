/// One federated K-Means step: the flat vector a device sends, and how it is laid out.
///
/// Layout for `k` clusters in `d` dimensions, `dimension = k · (d + 2)` doubles:
///
/// | range | content |
/// |---|---|
/// | `0 ..< k·d` | per-cluster coordinate sums, cluster-major: cluster `j` at `j·d ..< (j+1)·d` |
/// | `k·d ..< k·d + k` | per-cluster point counts |
/// | `k·d + k ..< k·d + 2k` | per-cluster sums of squared distances to the current centroid |
///
/// The inertia contribution is the sum of the last block. Every entry is a plain sum over
/// points, so the aggregation layer can add devices' vectors (after clipping, noise and
/// quantization) without knowing what they mean; the coordinator only ever needs the sum.
public struct KMeansStep: Sendable, Equatable {
    /// Number of clusters.
    public let k: Int
    /// Point dimension.
    public let d: Int

    /// The layout for `k` clusters of `d`-dimensional points.
    public init(k: Int, d: Int) throws {
        guard k >= 1, d >= 1 else { throw MLError.invalid("a K-Means step needs k ≥ 1 and d ≥ 1, got k = \(k), d = \(d)") }
        self.k = k
        self.d = d
    }

    /// Length of the update vector: k·(d + 2).
    public var dimension: Int { k * (d + 2) }
    /// Offset of cluster `j`'s coordinate sum.
    public func sumOffset(_ j: Int) -> Int { j * d }
    /// Index of cluster `j`'s count.
    public func countIndex(_ j: Int) -> Int { k * d + j }
    /// Index of cluster `j`'s squared-distance sum.
    public func squaredErrorIndex(_ j: Int) -> Int { k * d + k + j }

    /// The device side: the update for `points` (this device's own rows) against `centroids`.
    public func deviceUpdate(centroids: Matrix, points: Matrix) throws -> [Double] {
        var update = [Double](repeating: 0, count: dimension)
        try accumulate(centroids: centroids, points: points, into: &update)
        return update
    }

    /// Adds the update for `points` into `update` (simulations sum many devices without
    /// allocating one vector each; the result equals the sum of `deviceUpdate`s).
    public func accumulate(centroids: Matrix, points: Matrix, into update: inout [Double]) throws {
        guard centroids.rows == k, centroids.columns == d else {
            throw MLError.dimension("centroids are \(centroids.rows)×\(centroids.columns), the step expects \(k)×\(d)")
        }
        guard points.columns == d || points.rows == 0 else {
            throw MLError.dimension("points have \(points.columns) columns, the step expects \(d)")
        }
        guard update.count == dimension else {
            throw MLError.dimension("update vector has \(update.count) entries, expected \(dimension)")
        }
        guard points.rows > 0 else { return }
        let (k, d) = (self.k, self.d)
        points.storage.withUnsafeBufferPointer { p in
            centroids.storage.withUnsafeBufferPointer { c in
                update.withUnsafeMutableBufferPointer { u in
                    let base = u.baseAddress!
                    KMeansKernel.accumulate(
                        points: p.baseAddress!, n: points.rows, d: d, weights: nil,
                        centroids: c.baseAddress!, k: k,
                        sums: base, counts: base + k * d, sse: base + k * d + k
                    )
                }
            }
        }
    }

    /// Total inertia carried by a (summed) update vector.
    public func inertia(of update: [Double]) -> Double {
        (0..<k).reduce(0) { $0 + update[squaredErrorIndex($1)] }
    }
}
