/// Measures of a clustering: inertia, silhouette and Davies–Bouldin.
public enum ClusterQuality {
    /// Sum of squared distances from each point to its cluster's centroid.
    public static func inertia(_ points: Matrix, labels: [Int], centroids: Matrix) throws -> Double {
        try check(points, labels)
        var total = 0.0
        points.storage.withUnsafeBufferPointer { p in
            centroids.storage.withUnsafeBufferPointer { c in
                for i in 0..<points.rows {
                    total += VectorMath.squaredDistance(p.baseAddress! + i * points.columns,
                                                        c.baseAddress! + labels[i] * points.columns, points.columns)
                }
            }
        }
        return total
    }

    /// Mean silhouette coefficient in [-1, 1] (higher is better), computed exactly on at most
    /// `sampleSize` points drawn at random (seeded), like scikit-learn's `sample_size`.
    /// Points alone in their cluster count as 0.
    public static func silhouette(_ points: Matrix, labels: [Int], sampleSize: Int = 2_000, seed: UInt64 = 0) throws -> Double {
        try check(points, labels)
        let n = points.rows, d = points.columns
        var generator = SeededGenerator(seed: seed)
        var indices = Array(0..<n)
        if n > sampleSize {
            indices.shuffle(using: &generator)
            indices = Array(indices.prefix(max(2, sampleSize)))
        }
        let clusters = (labels.max() ?? 0) + 1
        let m = indices.count
        var clusterSize = [Int](repeating: 0, count: clusters)
        for i in indices { clusterSize[labels[i]] += 1 }
        guard clusterSize.filter({ $0 > 0 }).count >= 2 else {
            throw MLError.invalid("the silhouette needs at least 2 clusters among the sampled points")
        }
        var total = 0.0
        var distanceSums = [Double](repeating: 0, count: clusters)
        points.storage.withUnsafeBufferPointer { p in
            let base = p.baseAddress!
            for a in 0..<m {
                for index in distanceSums.indices { distanceSums[index] = 0 }
                let i = indices[a]
                for b in 0..<m where b != a {
                    let j = indices[b]
                    distanceSums[labels[j]] += VectorMath.squaredDistance(base + i * d, base + j * d, d).squareRoot()
                }
                let own = labels[i]
                guard clusterSize[own] > 1 else { continue }
                let cohesion = distanceSums[own] / Double(clusterSize[own] - 1)
                var separation = Double.infinity
                for c in 0..<clusters where c != own && clusterSize[c] > 0 {
                    separation = min(separation, distanceSums[c] / Double(clusterSize[c]))
                }
                let scale = max(cohesion, separation)
                total += scale > 0 ? (separation - cohesion) / scale : 0
            }
        }
        return total / Double(m)
    }

    /// Davies–Bouldin index (lower is better): the mean over clusters of the worst ratio of
    /// summed within-cluster scatter to centroid separation.
    public static func daviesBouldin(_ points: Matrix, labels: [Int], centroids: Matrix) throws -> Double {
        try check(points, labels)
        let k = centroids.rows, d = points.columns
        var scatter = [Double](repeating: 0, count: k)
        var counts = [Double](repeating: 0, count: k)
        points.storage.withUnsafeBufferPointer { p in
            centroids.storage.withUnsafeBufferPointer { c in
                for i in 0..<points.rows {
                    let j = labels[i]
                    scatter[j] += VectorMath.squaredDistance(p.baseAddress! + i * d, c.baseAddress! + j * d, d).squareRoot()
                    counts[j] += 1
                }
            }
        }
        let used = (0..<k).filter { counts[$0] > 0 }
        guard used.count >= 2 else { throw MLError.invalid("Davies–Bouldin needs at least 2 non-empty clusters") }
        for j in used { scatter[j] /= counts[j] }
        var total = 0.0
        for a in used {
            var worst = 0.0
            for b in used where b != a {
                let separation = centroids.storage.withUnsafeBufferPointer {
                    VectorMath.squaredDistance($0.baseAddress! + a * d, $0.baseAddress! + b * d, d).squareRoot()
                }
                worst = max(worst, separation > 0 ? (scatter[a] + scatter[b]) / separation : .infinity)
            }
            total += worst
        }
        return total / Double(used.count)
    }

    private static func check(_ points: Matrix, _ labels: [Int]) throws {
        guard labels.count == points.rows else {
            throw MLError.dimension("\(labels.count) labels for \(points.rows) points")
        }
        guard labels.allSatisfy({ $0 >= 0 }) else { throw MLError.invalid("labels must not be negative") }
    }
}
