import ConfideCrypto

/// The discrete Gaussian N_Z(0, σ²), P[X = x] ∝ exp(−x²/(2σ²)) on the integers, sampled
/// exactly (Canonne, Kamath and Steinke 2020, "The Discrete Gaussian for Differential
/// Privacy", Algorithms 1–3) from libsodium randomness.
///
/// **Representation.** σ² is kept as the dyadic rational n/2^k in lowest terms. For σ ≥ 1,
/// k ≤ 61 − ⌊log2 σ²⌋ and n < 2^62, which holds every `Double` σ² exactly. For σ < 1,
/// k ≤ 31: σ² is exact when it is a multiple of 2^−31 (0.25, for example) and otherwise
/// rounded *up* (never less noise) by less than 2^−31. Supported: σ from 2^−10 to 2^30
/// (``supportedStandardDeviations``).
///
/// **Algorithm.** Draw Y from a discrete Laplace distribution of scale t (Algorithm 2: a
/// uniform U below the scale's numerator, a coin of e^{−U/numerator}, a geometric count V of
/// e^{−1} coins, Y = ⌊(U + numerator·V)/denominator⌋, a random sign) and accept it with
/// probability exp(−(|Y| − σ²/t)²/(2σ²)) (Algorithm 3). Any t > 0 gives exactly N_Z(0, σ²):
/// the Laplace weight times the acceptance is ∝ exp(−y²/(2σ²)). For σ ≥ 1 we take
/// t = σ²/c with c = ⌊σ⌋, so the shift σ²/t = c is an integer and the exponent is
/// (|Y| − c)²·2^k/(2n); for σ < 1, t = 1 and the exponent is (|Y|·2^k − n)²/(2n·2^k). Either
/// way its integer part and remainder come from one 128-by-64-bit division, and coins of
/// e^{−1} and of e^{−remainder/denominator} (Algorithm 1) decide. The expected number of
/// Laplace candidates per sample is 1.32–2.2 over the supported range.
///
/// **Overflow.** Products are formed at full width (`multipliedFullWidth`) and divided with
/// `dividingFullWidth` only when the quotient fits 64 bits. A candidate whose exponent
/// would be 2^64 or more (or 2^62 or more, for σ < 1 and |Y| ≥ 2^32), or whose |Y| would
/// reach 2^63, is rejected outright instead of accepted with probability below
/// exp(−2^62): the output is N_Z(0, σ²) conditioned on an event of probability above
/// 1 − exp(−2^60), which no test or attacker can tell apart.
public struct DiscreteGaussian: Hashable, Sendable {
    /// The standard deviations σ the sampler supports.
    public static let supportedStandardDeviations: ClosedRange<Double> = 0x1p-10...0x1p30

    /// n in σ² = n/2^k (in lowest terms).
    public let varianceNumerator: UInt64
    /// k in σ² = n/2^k.
    public let varianceExponent: Int
    /// c = ⌊σ⌋ for σ ≥ 1 (the shift σ²/t), 0 for σ < 1 (t = 1, shift σ²).
    let shift: UInt64
    /// The Laplace scale t as a fraction of 64-bit integers: n/(2^k·c) for σ ≥ 1, 1/1 below.
    let laplaceNumerator: UInt64
    let laplaceDenominator: UInt64

    /// N_Z(0, σ²) for σ² = `variance` (exact for σ ≥ 1; see the type's documentation).
    public init(variance: Double) throws(AggregationError) {
        let range = Self.supportedStandardDeviations
        guard variance.isFinite, variance >= range.lowerBound * range.lowerBound,
              variance <= range.upperBound * range.upperBound else {
            throw AggregationError(.invalidArgument, """
                the discrete Gaussian supports σ from 2^-10 to 2^30 (σ² from \(range.lowerBound * range.lowerBound) \
                to \(range.upperBound * range.upperBound)), got σ² = \(variance)
                """)
        }
        // σ² < 2^(e+1), so σ²·2^k < 2^62 for k = 61 − e.
        var k = min(variance >= 1 ? 62 : 31, 61 - Int(variance.exponent))
        var n = UInt64((variance * Double(sign: .plus, exponent: k, significand: 1)).rounded(.up))
        while n & 1 == 0, k > 0 {
            n >>= 1
            k -= 1
        }
        varianceNumerator = n
        varianceExponent = k
        if n >> UInt64(k) >= 1 {
            let c = Self.integerSquareRoot(n >> UInt64(k))
            let (denominator, overflow) = (UInt64(1) << UInt64(k)).multipliedReportingOverflow(by: c)
            guard !overflow else {
                throw AggregationError(.overflow, "σ² = \(variance) cannot be represented within 64-bit integers")
            }
            shift = c
            laplaceNumerator = n
            laplaceDenominator = denominator
        } else {
            shift = 0
            laplaceNumerator = 1
            laplaceDenominator = 1
        }
    }

    /// N_Z(0, σ²) for σ = `standardDeviation` (σ² is the `Double` product σ·σ).
    public init(standardDeviation: Double) throws(AggregationError) {
        guard standardDeviation.isFinite, Self.supportedStandardDeviations.contains(standardDeviation) else {
            throw AggregationError(.invalidArgument, "the discrete Gaussian supports σ from 2^-10 to 2^30, got \(standardDeviation)")
        }
        try self.init(variance: standardDeviation * standardDeviation)
    }

    /// σ² = n/2^k as a `Double` (for reports; sampling never uses it).
    public var variance: Double { Double(varianceNumerator) * Double(sign: .plus, exponent: -varianceExponent, significand: 1) }

    /// One sample.
    public func sample(using random: SecureRandomStream) -> Int64 {
        while true {
            guard let (negative, magnitude) = laplace(random) else { continue }
            if accepts(magnitude: magnitude, random) {
                return negative ? -Int64(magnitude) : Int64(magnitude)
            }
        }
    }

    /// `count` independent samples.
    public func samples(count: Int) throws(AggregationError) -> [Int64] {
        let random = try crypto("discrete Gaussian randomness") { try SecureRandomStream() }
        return (0..<max(0, count)).map { _ in sample(using: random) }
    }

    /// Adds an independent sample to every element of `values`.
    public func add(to values: inout [Int64]) throws(AggregationError) {
        guard !values.isEmpty else { return }
        let random = try crypto("discrete Gaussian randomness") { try SecureRandomStream() }
        for i in values.indices { values[i] += sample(using: random) }
    }

    /// Algorithm 2 for the scale t = laplaceNumerator/laplaceDenominator: the sign and
    /// magnitude of a discrete Laplace sample, or `nil` to start over (its own rejections,
    /// and magnitudes of 2^63 or more).
    private func laplace(_ random: SecureRandomStream) -> (negative: Bool, magnitude: UInt64)? {
        let n = laplaceNumerator
        let u = random.uniform(below: n)
        guard ExactBernoulli.expMinus(u, over: n, random) else { return nil }
        var v: UInt64 = 0
        while ExactBernoulli.expMinusOne(random) { v += 1 }
        // X = U + n·V at 128 bits; high < n, so adding the carry cannot overflow.
        let (high, low) = n.multipliedFullWidth(by: v)
        let (sumLow, carry) = low.addingReportingOverflow(u)
        let sumHigh = high + (carry ? 1 : 0)
        guard sumHigh < laplaceDenominator else { return nil }
        let magnitude = laplaceDenominator.dividingFullWidth((high: sumHigh, low: sumLow)).quotient
        guard magnitude <= UInt64(Int64.max) else { return nil }
        let negative = random.bit()
        if negative, magnitude == 0 { return nil }
        return (negative, magnitude)
    }

    /// Algorithm 3's acceptance of a Laplace candidate of magnitude |Y|: a coin of exp(−γ)
    /// for γ = (|Y| − σ²/t)²/(2σ²), written as an integer fraction.
    private func accepts(magnitude: UInt64, _ random: SecureRandomStream) -> Bool {
        let k = UInt64(varianceExponent)
        let n = varianceNumerator
        var high: UInt64, low: UInt64, denominator: UInt64
        if shift > 0 {
            // γ = (|Y| − c)²·2^k / (2n); the numerator must fit 128 bits, else γ ≥ 2^128/2^63.
            let distance = magnitude > shift ? magnitude - shift : shift - magnitude
            (high, low) = distance.multipliedFullWidth(by: distance)
            if k > 0 {
                guard high >> (64 - k) == 0 else { return false }
                high = (high << k) | (low >> (64 - k))
                low <<= k
            }
            denominator = 2 * n
        } else {
            // γ = (|Y|·2^k − n)² / (2n·2^k) with k ≤ 31 and n < 2^k; |Y| ≥ 2^32 means
            // γ > (|Y| − 1)²/2 ≥ 2^62: reject.
            guard magnitude < 1 << 32 else { return false }
            let scaled = magnitude << k
            let distance = scaled > n ? scaled - n : n - scaled
            (high, low) = distance.multipliedFullWidth(by: distance)
            denominator = (2 * n) << k
        }
        // A quotient of 2^64 or more means γ ≥ 2^64: reject.
        guard high < denominator else { return false }
        let (whole, remainder) = denominator.dividingFullWidth((high: high, low: low))
        return ExactBernoulli.expMinus(whole: whole, remainder, over: denominator, random)
    }

    /// ⌊√x⌋, exactly.
    static func integerSquareRoot(_ x: UInt64) -> UInt64 {
        var root = UInt64(Double(x).squareRoot())
        while root > 0, root.multipliedReportingOverflow(by: root).overflow || root * root > x { root -= 1 }
        while true {
            let next = root + 1
            let (square, overflow) = next.multipliedReportingOverflow(by: next)
            guard !overflow, square <= x else { return root }
            root = next
        }
    }
}
