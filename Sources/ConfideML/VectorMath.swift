/// Small numeric kernels over contiguous buffers, shared by K-Means and factorization.
enum VectorMath {
    /// Squared Euclidean distance between `a[0..<count]` and `b[0..<count]`.
    @inlinable @inline(__always)
    static func squaredDistance(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int) -> Double {
        // Explicit two-lane vectors with four independent accumulators: the compiler keeps
        // them in SSE registers and pipelines the adds (strict FP rules stop it otherwise).
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var s0 = SIMD2<Double>(), s1 = SIMD2<Double>(), s2 = SIMD2<Double>(), s3 = SIMD2<Double>()
        var i = 0
        while i + 8 <= count {
            let o = i * 8
            let d0 = ra.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self) - rb.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self)
            let d1 = ra.loadUnaligned(fromByteOffset: o + 16, as: SIMD2<Double>.self) - rb.loadUnaligned(fromByteOffset: o + 16, as: SIMD2<Double>.self)
            let d2 = ra.loadUnaligned(fromByteOffset: o + 32, as: SIMD2<Double>.self) - rb.loadUnaligned(fromByteOffset: o + 32, as: SIMD2<Double>.self)
            let d3 = ra.loadUnaligned(fromByteOffset: o + 48, as: SIMD2<Double>.self) - rb.loadUnaligned(fromByteOffset: o + 48, as: SIMD2<Double>.self)
            s0 += d0 * d0; s1 += d1 * d1; s2 += d2 * d2; s3 += d3 * d3
            i += 8
        }
        var tail = 0.0
        while i < count {
            let d = a[i] - b[i]
            tail += d * d
            i += 1
        }
        return ((s0 + s1) + (s2 + s3)).sum() + tail
    }

    /// Dot product of `a[0..<count]` and `b[0..<count]`.
    @inlinable @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int) -> Double {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var s0 = SIMD2<Double>(), s1 = SIMD2<Double>(), s2 = SIMD2<Double>(), s3 = SIMD2<Double>()
        var i = 0
        while i + 8 <= count {
            let o = i * 8
            s0 += ra.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self) * rb.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self)
            s1 += ra.loadUnaligned(fromByteOffset: o + 16, as: SIMD2<Double>.self) * rb.loadUnaligned(fromByteOffset: o + 16, as: SIMD2<Double>.self)
            s2 += ra.loadUnaligned(fromByteOffset: o + 32, as: SIMD2<Double>.self) * rb.loadUnaligned(fromByteOffset: o + 32, as: SIMD2<Double>.self)
            s3 += ra.loadUnaligned(fromByteOffset: o + 48, as: SIMD2<Double>.self) * rb.loadUnaligned(fromByteOffset: o + 48, as: SIMD2<Double>.self)
            i += 8
        }
        var tail = 0.0
        while i < count {
            tail += a[i] * b[i]
            i += 1
        }
        return ((s0 + s1) + (s2 + s3)).sum() + tail
    }

    /// Solves `A x = b` for a symmetric positive definite `A` (n×n, row-major) by Cholesky,
    /// in place: `a` is overwritten by its factor and `b` by the solution.
    /// Returns false when `A` is not positive definite.
    static func choleskySolve(_ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>, _ n: Int) -> Bool {
        for j in 0..<n {
            var diagonal = a[j * n + j]
            for k in 0..<j { diagonal -= a[j * n + k] * a[j * n + k] }
            guard diagonal > 0 else { return false }
            let root = diagonal.squareRoot()
            a[j * n + j] = root
            for i in (j + 1)..<max(j + 1, n) {
                var value = a[i * n + j]
                for k in 0..<j { value -= a[i * n + k] * a[j * n + k] }
                a[i * n + j] = value / root
            }
        }
        // Forward substitution L y = b, then back substitution Lᵀ x = y.
        for i in 0..<n {
            var value = b[i]
            for k in 0..<i { value -= a[i * n + k] * b[k] }
            b[i] = value / a[i * n + i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            var value = b[i]
            for k in (i + 1)..<max(i + 1, n) { value -= a[k * n + i] * b[k] }
            b[i] = value / a[i * n + i]
        }
        return true
    }
}
