import Foundation

/// Greedy k-means++ seeding (Arthur and Vassilvitskii 2007, with scikit-learn's
/// 2 + ⌊ln k⌋ local trials per centre): each new centre is the best of a few candidates
/// drawn with probability proportional to (weight ×) squared distance to the nearest centre.
public enum KMeansPlusPlus {
    /// k initial centroids for `points` (rows), optionally weighted.
    public static func initialize(
        _ points: Matrix, k: Int, weights: [Double]? = nil, using generator: inout SeededGenerator
    ) -> Matrix {
        let n = points.rows, d = points.columns
        precondition(k >= 1 && n >= 1 && d >= 1, "k-means++ needs k ≥ 1 and at least one point of dimension ≥ 1")
        let trials = 2 + Int(log(Double(k)))
        var chosen = [Int](repeating: 0, count: k)
        let weight = weights ?? [Double](repeating: 1, count: n)
        // closest[i]: squared distance to the nearest chosen centre; one row of `candidate`
        // per trial holds the distances if that trial were chosen.
        var closest = [Double](repeating: 0, count: n)
        var candidate = [Double](repeating: 0, count: trials * n)
        points.storage.withUnsafeBufferPointer { p in
            weight.withUnsafeBufferPointer { w in
                closest.withUnsafeMutableBufferPointer { closest in
                    candidate.withUnsafeMutableBufferPointer { candidate in
                        let base = p.baseAddress!, w = w.baseAddress!
                        let closest = closest.baseAddress!, candidate = candidate.baseAddress!
                        chosen[0] = sample(w, nil, n, &generator)
                        for i in 0..<n { closest[i] = VectorMath.squaredDistance(base + i * d, base + chosen[0] * d, d) }
                        var picks = [Int](repeating: 0, count: trials)
                        for j in 1..<max(1, k) {
                            for t in 0..<trials { picks[t] = sample(w, closest, n, &generator) }
                            var potentials = [Double](repeating: 0, count: trials)
                            // One pass over the points serves every trial.
                            for i in 0..<n {
                                let point = base + i * d
                                for t in 0..<trials {
                                    let distance = min(closest[i], VectorMath.squaredDistance(point, base + picks[t] * d, d))
                                    candidate[t * n + i] = distance
                                    potentials[t] += w[i] * distance
                                }
                            }
                            let best = potentials.indices.min { potentials[$0] < potentials[$1] }!
                            chosen[j] = picks[best]
                            closest.update(from: candidate + best * n, count: n)
                        }
                    }
                }
            }
        }
        return points.selecting(rows: chosen)
    }

    /// An index in `0..<n` drawn with probability proportional to `weight[i] · distance[i]`
    /// (or `weight[i]` without distances); uniform when every mass is zero.
    private static func sample(
        _ weight: UnsafePointer<Double>, _ distance: UnsafePointer<Double>?, _ n: Int, _ generator: inout SeededGenerator
    ) -> Int {
        var total = 0.0
        for i in 0..<n { total += weight[i] * (distance?[i] ?? 1) }
        guard total > 0 else { return generator.nextIndex(n) }
        let target = generator.nextUnit() * total
        var running = 0.0
        var last = n - 1
        for i in 0..<n {
            let mass = weight[i] * (distance?[i] ?? 1)
            if mass > 0 { last = i }
            running += mass
            if running > target { return i }
        }
        // Rounding can leave target ≥ running: take the last index with mass.
        return last
    }
}
