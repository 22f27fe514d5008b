#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A radix-2 fast Fourier transform of real sequences of one power-of-two length, for the
/// privacy loss accountant's convolutions.
///
/// A real sequence of length n is transformed as a complex one of length n/2 (even samples
/// as real parts, odd ones as imaginary parts), then split into the n/2 + 1 bins that
/// determine the spectrum (the rest are their conjugates). The complex transform is an
/// iterative Cooley–Tukey: bit-reversal permutation, then log₂ n butterfly passes. Twiddle
/// factors come once per transform, each directly from `cos` and `sin`, so their error does
/// not grow with the length.
struct FFT: Sendable {
    /// The real transform length n, a power of two (at least 2).
    let count: Int
    /// cos(2πk/n) and sin(2πk/n) for k < n/2.
    private let cosines: [Double]
    private let sines: [Double]

    /// A transform of real sequences of length `count`, a power of two of at least 2.
    init(count: Int) {
        precondition(count >= 2 && count & (count - 1) == 0, "FFT length must be a power of two of at least 2")
        self.count = count
        let angles = (0..<(count / 2)).map { 2 * Double.pi * Double($0) / Double(count) }
        cosines = angles.map(cos)
        sines = angles.map(sin)
    }

    /// The smallest power of two at least `n` (and at least 2).
    static func length(atLeast n: Int) -> Int {
        var length = 2
        while length < n { length <<= 1 }
        return length
    }

    /// The spectrum X_k = Σ x_j e^{−2πijk/n} of the real `values` (zero-padded to `count`)
    /// at k = 0 … n/2, as real and imaginary parts.
    func forward(_ values: [Double]) -> (real: [Double], imaginary: [Double]) {
        precondition(values.count <= count, "FFT input is longer than the transform")
        let half = count / 2
        var re = [Double](repeating: 0, count: half)
        var im = [Double](repeating: 0, count: half)
        for j in 0..<values.count {
            if j & 1 == 0 { re[j >> 1] = values[j] } else { im[j >> 1] = values[j] }
        }
        complexTransform(&re, &im, sign: -1)
        var real = [Double](repeating: 0, count: half + 1)
        var imaginary = [Double](repeating: 0, count: half + 1)
        // X_k = E_k + W^k O_k, with E and O the transforms of the even and odd samples:
        // E_k = (Z_k + conj Z_{h−k})/2, O_k = (Z_k − conj Z_{h−k})/(2i), W = e^{−2πi/n}.
        for k in 0...half {
            let (zr, zi) = (re[k % half], im[k % half])
            let (cr, ci) = (re[(half - k) % half], -im[(half - k) % half])
            let (er, ei) = (0.5 * (zr + cr), 0.5 * (zi + ci))
            let (or, oi) = (0.5 * (zi - ci), -0.5 * (zr - cr))
            let (wr, wi) = k < half ? (cosines[k], -sines[k]) : (-1.0, 0.0)
            real[k] = er + wr * or - wi * oi
            imaginary[k] = ei + wr * oi + wi * or
        }
        return (real, imaginary)
    }

    /// The real sequence of length `count` whose spectrum has bins 0 … n/2 equal to
    /// (`real`, `imaginary`) (the inverse of ``forward(_:)``).
    func inverse(real: [Double], imaginary: [Double]) -> [Double] {
        let half = count / 2
        precondition(real.count == half + 1 && imaginary.count == half + 1, "FFT spectrum has the wrong length")
        var re = [Double](repeating: 0, count: half)
        var im = [Double](repeating: 0, count: half)
        // E_k = (X_k + conj X_{h−k})/2 and O_k = (X_k − conj X_{h−k})/(2W^k); Z_k = E_k + i O_k.
        for k in 0..<half {
            let (xr, xi) = (real[k], imaginary[k])
            let (cr, ci) = (real[half - k], -imaginary[half - k])
            let (er, ei) = ((xr + cr) / 2, (xi + ci) / 2)
            let (dr, di) = ((xr - cr) / 2, (xi - ci) / 2)
            // Dividing by W^k multiplies by its conjugate, e^{2πik/n}.
            let (wr, wi) = (cosines[k], sines[k])
            let (or, oi) = (dr * wr - di * wi, dr * wi + di * wr)
            re[k] = er - oi
            im[k] = ei + or
        }
        complexTransform(&re, &im, sign: 1)
        let scale = 1 / Double(half)
        var values = [Double](repeating: 0, count: count)
        for m in 0..<half {
            values[2 * m] = re[m] * scale
            values[2 * m + 1] = im[m] * scale
        }
        return values
    }

    /// The unnormalized complex transform of length n/2 in place, with e^{sign·2πijk/(n/2)}.
    private func complexTransform(_ real: inout [Double], _ imaginary: inout [Double], sign: Double) {
        let n = count / 2
        guard n > 1 else { return }
        // Unsafe buffers: the loops below run n log n times, and debug builds check every
        // array subscript.
        real.withUnsafeMutableBufferPointer { re in
            imaginary.withUnsafeMutableBufferPointer { im in
                cosines.withUnsafeBufferPointer { cosines in
                    sines.withUnsafeBufferPointer { sines in
                        var j = 0
                        for i in 1..<n {
                            var bit = n >> 1
                            while j & bit != 0 {
                                j ^= bit
                                bit >>= 1
                            }
                            j ^= bit
                            if i < j {
                                re.swapAt(i, j)
                                im.swapAt(i, j)
                            }
                        }
                        var length = 2
                        while length <= n {
                            let half = length / 2
                            // The table holds angles 2πk/(2n); this pass needs 2πk/length.
                            let stride = 2 * n / length
                            // Blocks outer, butterflies inner: each pass streams through
                            // memory once.
                            var start = 0
                            while start < n {
                                for k in 0..<half {
                                    let wr = cosines[k * stride]
                                    let wi = sign * sines[k * stride]
                                    let a = start + k
                                    let b = a + half
                                    let tr = re[b] * wr - im[b] * wi
                                    let ti = re[b] * wi + im[b] * wr
                                    re[b] = re[a] - tr
                                    im[b] = im[a] - ti
                                    re[a] += tr
                                    im[a] += ti
                                }
                                start += length
                            }
                            length <<= 1
                        }
                    }
                }
            }
        }
    }
}
