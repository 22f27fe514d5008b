/// The assignment kernel every K-Means variant shares: nearest centroid per point, and the
/// per-cluster sums, counts (or weights) and squared distances.
enum KMeansKernel {
    /// Index of the centroid nearest to `point` and its squared distance.
    @inlinable
    static func nearest(
        _ point: UnsafePointer<Double>, centroids: UnsafePointer<Double>, k: Int, d: Int
    ) -> (index: Int, distance: Double) {
        var best = 0
        var bestDistance = Double.infinity
        for j in 0..<k {
            let distance = VectorMath.squaredDistance(point, centroids + j * d, d)
            if distance < bestDistance {
                bestDistance = distance
                best = j
            }
        }
        return (best, bestDistance)
    }

    /// Assigns each of `n` points to its nearest centroid and adds, per cluster, the (weighted)
    /// coordinate sums into `sums` (k·d), the (weighted) counts into `counts` (k) and the
    /// (weighted) squared distances into `sse` (k). Writes labels when `labels` is given and,
    /// when `distances` is given, each point's squared distance.
    static func accumulate(
        points: UnsafePointer<Double>, n: Int, d: Int, weights: UnsafePointer<Double>?,
        centroids: UnsafePointer<Double>, k: Int,
        sums: UnsafeMutablePointer<Double>, counts: UnsafeMutablePointer<Double>, sse: UnsafeMutablePointer<Double>,
        labels: UnsafeMutablePointer<Int32>? = nil, distances: UnsafeMutablePointer<Double>? = nil
    ) {
        for i in 0..<n {
            let point = points + i * d
            let (j, distance) = nearest(point, centroids: centroids, k: k, d: d)
            let weight = weights?[i] ?? 1
            let sum = sums + j * d
            for c in 0..<d { sum[c] += weight * point[c] }
            counts[j] += weight
            sse[j] += weight * distance
            labels?[i] = Int32(j)
            distances?[i] = distance
        }
    }

    /// The array form of `accumulate`: `points` is n×d, `centroids` k×d; `labels` and
    /// `distances` must hold n entries.
    static func accumulate(
        points: Matrix, weights: [Double]?, centroids: Matrix,
        sums: inout [Double], counts: inout [Double], sse: inout [Double],
        labels: inout [Int32], distances: inout [Double]
    ) {
        let n = points.rows, d = points.columns, k = centroids.rows
        guard n > 0, d > 0, k > 0 else { return }
        withOptionalPointer(weights) { w in
            points.storage.withUnsafeBufferPointer { p in
                centroids.storage.withUnsafeBufferPointer { c in
                    sums.withUnsafeMutableBufferPointer { s in
                        counts.withUnsafeMutableBufferPointer { m in
                            sse.withUnsafeMutableBufferPointer { e in
                                labels.withUnsafeMutableBufferPointer { l in
                                    distances.withUnsafeMutableBufferPointer { r in
                                        accumulate(
                                            points: p.baseAddress!, n: n, d: d, weights: w,
                                            centroids: c.baseAddress!, k: k,
                                            sums: s.baseAddress!, counts: m.baseAddress!, sse: e.baseAddress!,
                                            labels: l.baseAddress, distances: r.baseAddress
                                        )
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Calls `body` with a pointer to `array`'s elements, or with nil when there is no array.
func withOptionalPointer<R>(_ array: [Double]?, _ body: (UnsafePointer<Double>?) -> R) -> R {
    guard let array else { return body(nil) }
    return array.withUnsafeBufferPointer { body($0.baseAddress) }
}
