/// The regularized least-squares solve at the heart of ALS and the federated device step:
/// one side's factors and bias, with the other side's held fixed.
///
/// For a user with ratings r_j of items j it minimizes
/// Σ_j (r_j − μ − b_j − b − p · q_j)² + λ·n·(‖p‖² + b²), n = number of ratings, which is
/// the SGD objective restricted to that user (λ per rating, "weighted-λ" regularization).
/// Items are solved the same way with the roles swapped.
struct FactorSolver {
    let factors: Int
    private var system: [Double]
    private var rhs: [Double]

    init(factors: Int) {
        self.factors = factors
        system = [Double](repeating: 0, count: (factors + 1) * (factors + 1))
        rhs = [Double](repeating: 0, count: factors + 1)
    }

    /// Solves for one row: `indices` name entries on the other side, `values` their ratings.
    /// The other side's factors for index j start at `otherFactors + j * factorStride` and its
    /// bias is `otherBias[j * biasStride]` (strides let the federated item layout, which
    /// interleaves factors and bias, be read in place). Writes the factors to
    /// `out[0..<factors]` and returns the bias. An empty row gets zeros.
    mutating func solve(
        indices: UnsafeBufferPointer<Int32>, values: UnsafeBufferPointer<Double>,
        otherFactors: UnsafePointer<Double>, factorStride: Int,
        otherBias: UnsafePointer<Double>, biasStride: Int,
        globalMean: Double, lambda: Double, out: UnsafeMutablePointer<Double>
    ) -> Double {
        let f = factors, m = factors + 1
        guard !indices.isEmpty else {
            out.update(repeating: 0, count: f)
            return 0
        }
        return system.withUnsafeMutableBufferPointer { a in
            rhs.withUnsafeMutableBufferPointer { b in
                let a = a.baseAddress!, b = b.baseAddress!
                a.update(repeating: 0, count: m * m)
                b.update(repeating: 0, count: m)
                for (index, value) in zip(indices, values) {
                    let j = Int(index)
                    let q = otherFactors + j * factorStride
                    let target = value - globalMean - otherBias[j * biasStride]
                    // Upper triangle of z zᵀ with z = [q; 1].
                    for r in 0..<f {
                        let qr = q[r]
                        let row = a + r * m
                        for c in r..<f { row[c] += qr * q[c] }
                        row[f] += qr
                        b[r] += qr * target
                    }
                    a[f * m + f] += 1
                    b[f] += target
                }
                let ridge = lambda * Double(indices.count)
                for r in 0..<m {
                    a[r * m + r] += ridge
                    for c in 0..<r { a[r * m + c] = a[c * m + r] }
                }
                // λ·n > 0 makes the system positive definite; without regularization a
                // rank-deficient row falls back to zeros rather than to garbage.
                guard VectorMath.choleskySolve(a, b, m) else {
                    out.update(repeating: 0, count: f)
                    return 0
                }
                out.update(from: b, count: f)
                return b[f]
            }
        }
    }
}
