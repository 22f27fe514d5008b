/// The coordinator side of federated K-Means: new centroids from the summed update vector.
public struct KMeansMerge: Sendable {
    /// New centroids, one per row.
    public var centroids: Matrix
    /// Inertia of the previous centroids over all contributing points (from the summed update).
    public var inertia: Double
    /// Clusters that had (almost) no points and were re-seeded.
    public var reseeded: [Int]
    /// Summed squared movement of the centroids.
    public var shift: Double

    /// Merges `sum` (the sum of devices' `KMeansStep` updates, possibly noisy) into new centroids.
    ///
    /// A cluster whose count is below `minimumCount` (default 0.5: empty, with room for
    /// noise) is re-seeded by splitting the cluster with the largest squared-error sum: the
    /// two centroids move apart, half a root-mean-square radius each way along a random
    /// direction (seeded). The coordinator sees only sums, so it cannot borrow a point as
    /// centralized K-Means does; splitting the worst cluster is the sums-only equivalent.
    public init(step: KMeansStep, sum: [Double], previous: Matrix, minimumCount: Double = 0.5, seed: UInt64 = 0) throws {
        guard sum.count == step.dimension else {
            throw MLError.dimension("summed update has \(sum.count) entries, expected \(step.dimension)")
        }
        guard previous.rows == step.k, previous.columns == step.d else {
            throw MLError.dimension("previous centroids are \(previous.rows)×\(previous.columns), expected \(step.k)×\(step.d)")
        }
        let k = step.k, d = step.d
        var next = previous
        var empty: [Int] = []
        var score = [Double](repeating: -Double.infinity, count: k)
        for j in 0..<k {
            let count = sum[step.countIndex(j)]
            if count < minimumCount {
                empty.append(j)
                continue
            }
            for c in 0..<d { next.storage[j * d + c] = sum[step.sumOffset(j) + c] / count }
            score[j] = max(0, sum[step.squaredErrorIndex(j)])
        }
        var generator = SeededGenerator(seed: seed)
        for j in empty {
            guard let donor = score.indices.max(by: { score[$0] < score[$1] }), score[donor] > 0 else { break }
            let count = max(sum[step.countIndex(donor)], 1)
            let radius = (score[donor] / count).squareRoot()
            var direction = (0..<d).map { _ in generator.nextGaussian() }
            let norm = max(direction.reduce(0) { $0 + $1 * $1 }.squareRoot(), .ulpOfOne)
            direction = direction.map { $0 / norm * radius * 0.5 }
            for c in 0..<d {
                let centre = next.storage[donor * d + c]
                next.storage[j * d + c] = centre + direction[c]
                next.storage[donor * d + c] = centre - direction[c]
            }
            // Each half holds roughly a quarter of the scatter once split along a spread direction.
            score[donor] /= 4
            score[j] = score[donor]
        }
        var shift = 0.0
        for index in next.storage.indices {
            let delta = next.storage[index] - previous.storage[index]
            shift += delta * delta
        }
        self.centroids = next
        self.inertia = step.inertia(of: sum)
        self.reseeded = empty
        self.shift = shift
    }
}
