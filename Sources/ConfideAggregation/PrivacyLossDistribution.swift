#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A privacy loss distribution discretized on the grid of losses kΔ, plus a mass at +∞.
///
/// For a mechanism M and neighbouring datasets D, D′, the privacy loss of an outcome o is
/// ln(P[M(D) = o] / P[M(D′) = o]) with o drawn from M(D). Its distribution determines the
/// tight (ε, δ): δ(ε) = P[loss = ∞] + Σ_{ℓ > ε} (1 − e^{ε−ℓ}) P[loss = ℓ] (the hockey-stick
/// divergence). Composition of mechanisms adds losses, so distributions convolve.
///
/// Every operation here may only move mass towards larger losses (or to +∞), never
/// towards smaller ones: δ(ε) and ε(δ) computed from it are upper bounds on the truth.
struct PrivacyLossDistribution: Sendable, Equatable {
    /// The grid spacing Δ of losses (nats).
    let interval: Double
    /// The loss of `probabilities[0]` is `lowerIndex`·Δ.
    var lowerIndex: Int
    /// The mass at losses (lowerIndex + i)·Δ.
    var probabilities: [Double]
    /// The mass at loss +∞ (outcomes that identify the change, or tails cut off).
    var infinityMass: Double

    /// The mass cut off from the tails at each composition, as `dp-accounting` does
    /// (`tail_mass_truncation`): half on the left (added to the smallest loss kept), half on
    /// the right (added to +∞).
    static let tailMass = 1e-15

    /// The most grid points a distribution may span (2²⁵, about 256 MiB of transform
    /// buffers): beyond it the rounds' ε is in the thousands, and the accountant refuses
    /// rather than exhausting memory.
    static let maximumCount = 1 << 25

    /// Throws unless a distribution of `count` grid points is within ``maximumCount``.
    static func checkCount(_ count: Int) throws(AggregationError) {
        guard count <= maximumCount else {
            throw AggregationError(.invalidArgument, """
                the privacy loss distribution would span \(count) grid points (at most \(maximumCount)): \
                the noise is too small for these rounds; use a coarser discretization interval or the RDP accountant
                """)
        }
    }

    /// The distribution of a mechanism that reveals nothing: loss 0 with probability 1.
    static func identity(interval: Double) -> PrivacyLossDistribution {
        PrivacyLossDistribution(interval: interval, lowerIndex: 0, probabilities: [1], infinityMass: 0)
    }

    /// The distribution of the composition of the two mechanisms (the sum of independent losses).
    func composed(with other: PrivacyLossDistribution) -> PrivacyLossDistribution {
        precondition(interval == other.interval, "composed distributions must share the grid")
        let infinity = infinityMass + other.infinityMass - infinityMass * other.infinityMass
        let (short, long) = probabilities.count <= other.probabilities.count ? (self, other) : (other, self)
        let size = short.probabilities.count + long.probabilities.count - 1
        var result: [Double]
        if short.probabilities.count <= 32 {
            result = [Double](repeating: 0, count: size)
            result.withUnsafeMutableBufferPointer { result in
                short.probabilities.withUnsafeBufferPointer { a in
                    long.probabilities.withUnsafeBufferPointer { b in
                        for i in 0..<a.count where a[i] != 0 {
                            for j in 0..<b.count { result[i + j] += a[i] * b[j] }
                        }
                    }
                }
            }
        } else {
            let fft = FFT(count: FFT.length(atLeast: size))
            var (ar, ai) = fft.forward(short.probabilities)
            let (br, bi) = fft.forward(long.probabilities)
            for k in ar.indices {
                (ar[k], ai[k]) = (ar[k] * br[k] - ai[k] * bi[k], ar[k] * bi[k] + ai[k] * br[k])
            }
            result = Array(fft.inverse(real: ar, imaginary: ai)[0..<size])
        }
        let composed = PrivacyLossDistribution(interval: interval, lowerIndex: lowerIndex + other.lowerIndex,
                                               probabilities: result, infinityMass: infinity)
        return composed.truncatingTails(mass: Self.tailMass)
    }

    /// The distribution of `times` independent repetitions, by raising its Fourier transform
    /// to the power `times`.
    ///
    /// The transform is sized to the range that holds all but `tailMass` of the result
    /// (a Chernoff bound, as `dp-accounting` computes it), so the circular convolution wraps
    /// at most that much mass around; `tailMass` is added to +∞ to pay for it.
    func selfComposed(times: Int) throws(AggregationError) -> PrivacyLossDistribution {
        precondition(times >= 1, "self-composition needs at least one repetition")
        if times == 1 { return self }
        let n = probabilities.count
        let window = Self.chernoffWindow(probabilities, times: times, tailMass: Self.tailMass)
        let size = window.upper - window.lower + 1
        try Self.checkCount(size)
        let fft = FFT(count: FFT.length(atLeast: max(size, n)))
        var (re, im) = fft.forward(probabilities)
        Self.raise(&re, &im, toPower: times)
        let values = fft.inverse(real: re, imaginary: im)
        let lower = window.lower % fft.count
        var result = [Double](repeating: 0, count: size)
        for i in 0..<size { result[i] = values[(lower + i) % fft.count] }
        let infinity = Self.tailMass - expm1(Double(times) * log1p(-infinityMass))
        return PrivacyLossDistribution(interval: interval, lowerIndex: lowerIndex * times + window.lower,
                                       probabilities: result, infinityMass: min(1, infinity))
    }

    /// Cuts the longest prefix and suffix each holding at most `mass`/2, moving the prefix
    /// onto the smallest loss kept and the suffix to +∞ (both pessimistic).
    func truncatingTails(mass: Double) -> PrivacyLossDistribution {
        let n = probabilities.count
        var left = 0, leftMass = 0.0
        while left < n, leftMass + probabilities[left] <= mass / 2 {
            leftMass += probabilities[left]
            left += 1
        }
        var right = n, rightMass = 0.0
        while right > 0, rightMass + probabilities[right - 1] <= mass / 2 {
            rightMass += probabilities[right - 1]
            right -= 1
        }
        right = max(right, left + 1)
        guard left > 0 || right < n else { return self }
        leftMass = probabilities[..<left].reduce(0, +)
        rightMass = right < n ? probabilities[right...].reduce(0, +) : 0
        var kept = Array(probabilities[left..<min(right, n)])
        if kept.isEmpty { kept = [0] }
        kept[0] += leftMass
        return PrivacyLossDistribution(interval: interval, lowerIndex: lowerIndex + left,
                                       probabilities: kept, infinityMass: infinityMass + rightMass)
    }

    /// The hockey-stick divergence δ(ε) = P[∞] + Σ_{ℓ > ε} (1 − e^{ε−ℓ}) P[ℓ].
    func delta(epsilon: Double) -> Double {
        var delta = infinityMass
        for i in probabilities.indices.reversed() {
            let loss = Double(lowerIndex + i) * interval
            guard loss > epsilon else { break }
            delta += -expm1(epsilon - loss) * probabilities[i]
        }
        return min(1, max(0, delta))
    }

    /// The smallest ε ≥ 0 with δ(ε) ≤ `delta`, or +∞ when the mass at +∞ exceeds `delta`.
    ///
    /// Scans losses from the largest down, keeping U = Σ P[ℓ] and L = Σ P[ℓ]e^{−ℓ} over the
    /// losses above the current one: between two grid points δ(ε) = U − e^ε L, so the scan
    /// stops at the first gap where log((U − δ)/L) lands and returns it exactly.
    func epsilon(delta: Double) -> Double {
        if infinityMass > delta { return .infinity }
        var upper = infinityMass, lower = 0.0
        for i in probabilities.indices.reversed() {
            let loss = Double(lowerIndex + i) * interval
            if upper > delta, lower > 0, log((upper - delta) / lower) >= loss { break }
            upper += probabilities[i]
            lower += exp(-loss) * probabilities[i]
            if upper >= delta, lower == 0 { return max(0, loss) }
        }
        if upper <= lower + delta { return 0 }
        return max(0, log((upper - delta) / lower))
    }

    /// The index range [lower, upper] (relative to `times`·lowerIndex) outside which the
    /// `times`-fold convolution of `probabilities` holds at most `tailMass`, from the
    /// Chernoff bound P[S ≥ a] ≤ E[e^{λS}] e^{−λa} at λ = ±1/n … ±20/n (n the length).
    static func chernoffWindow(_ probabilities: [Double], times: Int, tailMass: Double) -> (lower: Int, upper: Int) {
        let n = probabilities.count
        var upper = (n - 1) * times, lower = 0
        let logTail = log(2 / tailMass)
        for order in (-20...20) where order != 0 {
            let lambda = Double(order) / Double(n)
            // Σ p_i e^{iλ}: |iλ| ≤ 20, so no overflow; the power is refreshed exactly every
            // 1,024 terms to keep the rounding of the running product negligible.
            let step = exp(lambda)
            var sum = 0.0, factor = 1.0
            probabilities.withUnsafeBufferPointer { p in
                for i in 0..<n {
                    if i & 1023 == 0 { factor = exp(Double(i) * lambda) }
                    sum += p[i] * factor
                    factor *= step
                }
            }
            let bound = (Double(times) * log(sum) + logTail) / lambda
            guard bound.isFinite, abs(bound) < Double(Int.max / 4) else { continue }
            if lambda > 0 { upper = min(upper, Int(bound.rounded(.up))) } else { lower = max(lower, Int(bound.rounded(.down))) }
        }
        return (lower, max(upper, lower))
    }

    /// Raises each complex number (re_k, im_k) to the power `exponent` by repeated squaring
    /// (about 2 log₂ `exponent` multiplications, each adding a relative error near 10⁻¹⁶).
    private static func raise(_ real: inout [Double], _ imaginary: inout [Double], toPower exponent: Int) {
        real.withUnsafeMutableBufferPointer { re in
            imaginary.withUnsafeMutableBufferPointer { im in
                for k in 0..<re.count {
                    var (br, bi) = (re[k], im[k])
                    var (rr, ri) = (1.0, 0.0)
                    var e = exponent
                    while true {
                        if e & 1 == 1 { (rr, ri) = (rr * br - ri * bi, rr * bi + ri * br) }
                        e >>= 1
                        if e == 0 { break }
                        (br, bi) = (br * br - bi * bi, 2 * br * bi)
                    }
                    re[k] = rr
                    im[k] = ri
                }
            }
        }
    }
}
