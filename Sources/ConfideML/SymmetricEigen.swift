import Foundation

/// Eigendecomposition of a small symmetric matrix by cyclic Jacobi rotations: what the
/// private ALS solve needs to project a noisy Gram matrix onto the positive semidefinite cone.
/// Meant for the (F + 1)² systems of matrix factorization (a few dozen entries), not for large
/// matrices.
struct SymmetricEigen {
    /// Eigenvalues, in no particular order.
    private(set) var values: [Double]
    /// Eigenvectors as columns of an n×n row-major matrix: column k belongs to `values[k]`.
    private(set) var vectors: [Double]
    let n: Int

    /// Decomposes the symmetric n×n row-major `matrix` (only its upper triangle is read).
    init(_ matrix: [Double], n: Int) {
        precondition(matrix.count == n * n, "a symmetric eigendecomposition needs an n×n matrix")
        self.n = n
        var a = matrix
        for r in 0..<n { for c in 0..<r { a[r * n + c] = a[c * n + r] } }
        var v = [Double](repeating: 0, count: n * n)
        for k in 0..<n { v[k * n + k] = 1 }
        let scale = max(a.reduce(0) { $0 + $1 * $1 }, .leastNormalMagnitude)
        // Cyclic sweeps converge quadratically; 50 is far more than a 12×12 system needs.
        for _ in 0..<50 {
            var off = 0.0
            for p in 0..<n { for q in (p + 1)..<max(p + 1, n) { off += a[p * n + q] * a[p * n + q] } }
            if off <= 1e-30 * scale { break }
            for p in 0..<n {
                for q in (p + 1)..<max(p + 1, n) where a[p * n + q] != 0 {
                    let apq = a[p * n + q]
                    let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k * n + p], akq = a[k * n + q]
                        a[k * n + p] = c * akp - s * akq
                        a[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p * n + k], aqk = a[q * n + k]
                        a[p * n + k] = c * apk - s * aqk
                        a[q * n + k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k * n + p], vkq = v[k * n + q]
                        v[k * n + p] = c * vkp - s * vkq
                        v[k * n + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        values = (0..<n).map { a[$0 * n + $0] }
        vectors = v
    }

    /// The matrix rebuilt with every eigenvalue λ replaced by `transform(λ)`, row-major.
    func reconstructed(_ transform: (Double) -> Double) -> [Double] {
        var out = [Double](repeating: 0, count: n * n)
        for k in 0..<n {
            let value = transform(values[k])
            guard value != 0 else { continue }
            for r in 0..<n {
                let vr = vectors[r * n + k] * value
                for c in 0..<n { out[r * n + c] += vr * vectors[c * n + k] }
            }
        }
        return out
    }
}
