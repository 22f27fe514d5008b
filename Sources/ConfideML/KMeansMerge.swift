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
    /// `shrinkage` is for noisy sums: with noise of standard deviation `noise` on every
    /// coordinate of a cluster's sum, a cluster of n points has a mean off by noise/n per
    /// coordinate, and a small cluster's mean can land far from any data. The merge then
    /// moves each centroid from where it was towards the noisy mean by the Bayes factor
    /// spread²n²/(spread²n² + noise²), taking `spread` as the prior deviation of the move
    /// per coordinate: a large cluster moves all the way, a small one stays nearly put.
    /// `momentum` (default 0, below 1) then keeps that share of the previous centroid
    /// (of a non-empty cluster, before any split).
    ///
    /// With `splitRadius`, the cluster split is the one with the largest count and its two
    /// halves end up that far apart: under noise a squared-error sum (and the radius drawn
    /// from it) can be anything, while counts stay close to the truth.
    public init(step: KMeansStep, sum: [Double], previous: Matrix, minimumCount: Double = 0.5,
                shrinkage: (noise: Double, spread: Double)? = nil, momentum: Double = 0, splitRadius: Double? = nil,
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
            let empty = Self.mergeSet(s, step, sum, &next, minimumCount, shrinkage, min(max(momentum, 0), 0.99), splitRadius,
                                      &generator)
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
        _ minimumCount: Double, _ shrinkage: (noise: Double, spread: Double)?, _ momentum: Double, _ splitRadius: Double?,
        _ generator: inout SeededGenerator
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
            var factor = 1.0
            if let shrinkage, shrinkage.noise > 0 {
                let signal = shrinkage.spread * shrinkage.spread * count * count
                factor = signal / (signal + shrinkage.noise * shrinkage.noise)
            }
            // Before any split, so a split donor's halves straddle its averaged centre.
            factor *= 1 - momentum
            for c in 0..<d {
                let mean = sum[step.sumOffset(j, set: s) + c] / count
                next[row0 + j, c] += factor * (mean - next[row0 + j, c])
            }
            score[j] = splitRadius == nil ? max(0, sum[step.squaredErrorIndex(j, set: s)]) : count
        }
        for j in empty {
            guard let donor = score.indices.max(by: { score[$0] < score[$1] }), score[donor] > 0 else { break }
            let count = max(sum[step.countIndex(donor, set: s)], 1)
            let radius = splitRadius ?? (score[donor] / count).squareRoot()
            var direction = (0..<d).map { _ in generator.nextGaussian() }
            let norm = max(direction.reduce(0) { $0 + $1 * $1 }.squareRoot(), .ulpOfOne)
            direction = direction.map { $0 / norm * radius * 0.5 }
            for c in 0..<d {
                let centre = next[row0 + donor, c]
                next[row0 + j, c] = centre + direction[c]
                next[row0 + donor, c] = centre - direction[c]
            }
            // Each half holds roughly a quarter of the scatter once split along a spread direction.
            score[donor] /= splitRadius == nil ? 4 : 2
            score[j] = score[donor]
        }
        return empty
    }
}
