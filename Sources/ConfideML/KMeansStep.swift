/// One federated K-Means step: the flat vector a device sends, and how it is laid out.
///
/// A step can carry several independent centroid sets at once (`sets`, default 1), so the
/// federated run can follow several initializations in parallel, as centralized K-Means
/// keeps the best of several restarts. Set `s` occupies the block
/// `s·k·(d+2) ..< (s+1)·k·(d+2)`, laid out for `k` clusters in `d` dimensions as:
///
/// | offset in the block | content |
/// |---|---|
/// | `0 ..< k·d` | per-cluster coordinate sums, cluster-major: cluster `j` at `j·d ..< (j+1)·d` |
/// | `k·d ..< k·d + k` | per-cluster point counts |
/// | `k·d + k ..< k·d + 2k` | per-cluster sums of squared distances to the current centroid |
///
/// `dimension = sets · k · (d + 2)`. A set's inertia is the sum of its last k entries. Every
/// entry is a plain sum over points, so the aggregation layer can add devices' vectors
/// (after clipping, noise and quantization) without knowing what they mean.
/// Centroids travel as a matrix of `sets · k` rows, set `s` in rows `s·k ..< (s+1)·k`.
public struct KMeansStep: Sendable, Equatable {
    /// Number of clusters per set.
    public let k: Int
    /// Point dimension.
    public let d: Int
    /// Independent centroid sets carried in one step.
    public let sets: Int

    /// The layout for `sets` sets of `k` clusters of `d`-dimensional points.
    public init(k: Int, d: Int, sets: Int = 1) throws {
        guard k >= 1, d >= 1, sets >= 1 else {
            throw MLError.invalid("a K-Means step needs k ≥ 1, d ≥ 1 and sets ≥ 1, got k = \(k), d = \(d), sets = \(sets)")
        }
        self.k = k
        self.d = d
        self.sets = sets
    }

    /// Length of one set's block: k·(d + 2).
    public var blockDimension: Int { k * (d + 2) }
    /// Length of the update vector: sets · k · (d + 2).
    public var dimension: Int { sets * blockDimension }
    /// Offset of cluster `j`'s coordinate sum in set `s`.
    public func sumOffset(_ j: Int, set s: Int = 0) -> Int { s * blockDimension + j * d }
    /// Index of cluster `j`'s count in set `s`.
    public func countIndex(_ j: Int, set s: Int = 0) -> Int { s * blockDimension + k * d + j }
    /// Index of cluster `j`'s squared-distance sum in set `s`.
    public func squaredErrorIndex(_ j: Int, set s: Int = 0) -> Int { s * blockDimension + k * d + k + j }

    /// The device side: the update for `points` (this device's own rows) against `centroids`
    /// (`sets · k` rows).
    public func deviceUpdate(centroids: Matrix, points: Matrix) throws -> [Double] {
        var update = [Double](repeating: 0, count: dimension)
        try accumulate(centroids: centroids, points: points, into: &update)
        return update
    }

    /// Adds the update for `points` into `update` (simulations sum many devices without
    /// allocating one vector each; the result equals the sum of `deviceUpdate`s).
    public func accumulate(centroids: Matrix, points: Matrix, into update: inout [Double]) throws {
        guard centroids.rows == sets * k, centroids.columns == d else {
            throw MLError.dimension("centroids are \(centroids.rows)×\(centroids.columns), the step expects \(sets * k)×\(d)")
        }
        guard points.columns == d || points.rows == 0 else {
            throw MLError.dimension("points have \(points.columns) columns, the step expects \(d)")
        }
        guard update.count == dimension else {
            throw MLError.dimension("update vector has \(update.count) entries, expected \(dimension)")
        }
        guard points.rows > 0 else { return }
        let (k, d, block) = (self.k, self.d, blockDimension)
        points.storage.withUnsafeBufferPointer { p in
            centroids.storage.withUnsafeBufferPointer { c in
                update.withUnsafeMutableBufferPointer { u in
                    for s in 0..<sets {
                        let base = u.baseAddress! + s * block
                        KMeansKernel.accumulate(
                            points: p.baseAddress!, n: points.rows, d: d, weights: nil,
                            centroids: c.baseAddress! + s * k * d, k: k,
                            sums: base, counts: base + k * d, sse: base + k * d + k
                        )
                    }
                }
            }
        }
    }

    /// Inertia of set `s` carried by a (summed) update vector.
    public func inertia(of update: [Double], set s: Int = 0) -> Double {
        (0..<k).reduce(0) { $0 + update[squaredErrorIndex($1, set: s)] }
    }
}
