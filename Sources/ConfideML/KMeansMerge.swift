/// The coordinator side of federated K-Means: new centroids from the summed update vector.
public struct KMeansMerge: Sendable {
    /// New centroids, `sets · k` rows (set `s` in rows `s·k ..< (s+1)·k`).
    public var centroids: Matrix
    /// Inertia of each set's previous centroids over all contributing points.
    public var inertia: [Double]
    /// Clusters that had (almost) no points and were re-seeded, as (set, cluster).
    public var reseeded: [(set: Int, cluster: Int)]
    /// Summed squared movement of each set's centroids.
    public var shift: [Double]

    /// Merges `sum` (the sum of devices' `KMeansStep` updates, possibly noisy) into new centroids.
    ///
    /// A cluster whose count is below `minimumCount` (default 0.5: empty, with room for
    /// noise) is re-seeded by splitting the cluster of its set with the largest squared-error
    /// sum: the two centroids move apart, half a root-mean-square radius each way along a
    /// random direction (seeded). The coordinator sees only sums, so it cannot borrow a point
    /// as centralized K-Means does; splitting the worst cluster is the sums-only equivalent.
    ///
    /// `prior` (default 0) counts the previous centroid as that many extra points of the
    /// cluster: under noise, a small cluster's sum divided by its count can land far from
    /// any data, and the pull towards where it was keeps it where its points are.
    public init(step: KMeansStep, sum: [Double], previous: Matrix, minimumCount: Double = 0.5, prior: Double = 0,
                seed: UInt64 = 0) throws {
        guard sum.count == step.dimension else {
            throw MLError.dimension("summed update has \(sum.count) entries, expected \(step.dimension)")
        }
        guard previous.rows == step.sets * step.k, previous.columns == step.d else {
            throw MLError.dimension("previous centroids are \(previous.rows)×\(previous.columns), expected \(step.sets * step.k)×\(step.d)")
        }
        var generator = SeededGenerator(seed: seed)
        var next = previous
        var reseeded: [(set: Int, cluster: Int)] = []
        var shifts: [Double] = []
        for s in 0..<step.sets {
            let empty = Self.mergeSet(s, step, sum, &next, minimumCount, max(0, prior), &generator)
            reseeded += empty.map { (s, $0) }
            var shift = 0.0
            for index in (s * step.k * step.d)..<((s + 1) * step.k * step.d) {
                let delta = next.storage[index] - previous.storage[index]
                shift += delta * delta
            }
            shifts.append(shift)
        }
        self.centroids = next
        self.inertia = (0..<step.sets).map { step.inertia(of: sum, set: $0) }
        self.reseeded = reseeded
        self.shift = shifts
    }

    /// Updates set `s`'s rows of `next` in place and returns its re-seeded clusters.
    private static func mergeSet(
        _ s: Int, _ step: KMeansStep, _ sum: [Double], _ next: inout Matrix,
        _ minimumCount: Double, _ prior: Double, _ generator: inout SeededGenerator
    ) -> [Int] {
        let k = step.k, d = step.d, row0 = s * k
        var empty: [Int] = []
        var score = [Double](repeating: -Double.infinity, count: k)
        for j in 0..<k {
            let count = sum[step.countIndex(j, set: s)]
            if count < minimumCount {
                empty.append(j)
                continue
            }
            for c in 0..<d { next[row0 + j, c] = (sum[step.sumOffset(j, set: s) + c] + prior * next[row0 + j, c]) / (count + prior) }
            score[j] = max(0, sum[step.squaredErrorIndex(j, set: s)])
        }
        for j in empty {
            guard let donor = score.indices.max(by: { score[$0] < score[$1] }), score[donor] > 0 else { break }
            let count = max(sum[step.countIndex(donor, set: s)], 1)
            let radius = (score[donor] / count).squareRoot()
            var direction = (0..<d).map { _ in generator.nextGaussian() }
            let norm = max(direction.reduce(0) { $0 + $1 * $1 }.squareRoot(), .ulpOfOne)
            direction = direction.map { $0 / norm * radius * 0.5 }
            for c in 0..<d {
                let centre = next[row0 + donor, c]
                next[row0 + j, c] = centre + direction[c]
                next[row0 + donor, c] = centre - direction[c]
            }
            // Each half holds roughly a quarter of the scatter once split along a spread direction.
            score[donor] /= 4
            score[j] = score[donor]
        }
        return empty
    }
}
