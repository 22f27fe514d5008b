#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The device's share of distributed discrete Gaussian noise for differential privacy
/// (Kairouz, Liu and Steinke, ICML 2021, "The Distributed Discrete Gaussian Mechanism for
/// Federated Learning with Secure Aggregation").
///
/// Noise is added to the *quantized* update, in integers: each device adds independent
/// ``DiscreteGaussian`` noise of variance s² = (σ·Δ)²/m to every coordinate, where Δ is
/// the L2 sensitivity of one quantized update (``sensitivity``: C·2^f + √d, the clip norm
/// in quantization steps plus the most stochastic rounding can add) and m the minimum
/// cohort. The sum of m devices' noise has variance (σ·Δ)²: the Gaussian mechanism with
/// noise multiplier σ, up to the small divergence between a sum of discrete Gaussians and
/// one discrete Gaussian, which ``effectiveNoiseMultiplier`` accounts for.
///
/// Trust assumption: the guarantee holds when at least m honest devices' noise is in the
/// sum. Devices that skip their noise, or collude with the coordinator and reveal it,
/// reduce the noise by their share; if fewer than m inputs arrive the round must not be
/// released (the server enforces ``RoundConfiguration/minimumInputs``).
public struct DistributedNoise: Sendable {
    /// The largest relative shortfall of ``effectiveNoiseMultiplier`` below σ a configuration
    /// may have: beyond it the accountant, which is charged σ, would understate ε.
    public static let accountingTolerance = 1e-9

    /// The noise multiplier σ of the whole sum.
    public let noiseMultiplier: Double
    /// The encoding the noise is added in.
    public let quantization: QuantizationParameters
    /// Coordinates per update (d).
    public let vectorLength: Int
    /// The minimum cohort m the noise is split across.
    public let minimumCohort: Int
    /// One device's noise per coordinate, in quantization steps.
    public let distribution: DiscreteGaussian

    /// Noise for a sum of at least `minimumCohort` updates of `vectorLength` coordinates.
    ///
    /// Refuses settings whose discrete noise is too coarse for the accounting: a device
    /// standard deviation below ½ step (outside the KLS theorem) or an
    /// ``effectiveNoiseMultiplier`` more than ``accountingTolerance`` below σ.
    public init(noiseMultiplier: Double, quantization: QuantizationParameters, vectorLength: Int,
                minimumCohort: Int) throws(AggregationError) {
        guard noiseMultiplier.isFinite, noiseMultiplier > 0 else {
            throw AggregationError(.invalidArgument, "the noise multiplier must be positive and finite, got \(noiseMultiplier)")
        }
        guard minimumCohort >= 1 else {
            throw AggregationError(.invalidArgument, "the minimum cohort must be at least 1, got \(minimumCohort)")
        }
        guard vectorLength >= 1 else {
            throw AggregationError(.invalidArgument, "the vector length must be at least 1, got \(vectorLength)")
        }
        self.noiseMultiplier = noiseMultiplier
        self.quantization = quantization
        self.vectorLength = vectorLength
        self.minimumCohort = minimumCohort
        let sensitivity = quantization.clipNorm * quantization.scale + Double(vectorLength).squareRoot()
        let deviation = noiseMultiplier * sensitivity / Double(minimumCohort).squareRoot()
        guard deviation >= 0.5 else {
            throw AggregationError(.invalidConfiguration, """
                each device's noise would be \(deviation) quantization steps, below the ½ step the discrete \
                Gaussian accounting needs; raise fractionalBits
                """)
        }
        distribution = try DiscreteGaussian(variance: deviation * deviation)
        let shortfall = 1 - effectiveNoiseMultiplier / noiseMultiplier
        guard shortfall <= Self.accountingTolerance else {
            throw AggregationError(.invalidConfiguration, """
                each device's noise of \(deviation) quantization steps is too coarse: the sum of \(minimumCohort) \
                discrete Gaussians is only as private as noise multiplier \(effectiveNoiseMultiplier), not \(noiseMultiplier); \
                raise fractionalBits
                """)
        }
    }

    /// Δ: the L2 sensitivity of one quantized update, in quantization steps: C·2^f for the
    /// clipped update plus √d, since stochastic rounding moves each coordinate by less than one step.
    public var sensitivity: Double { quantization.clipNorm * quantization.scale + Double(vectorLength).squareRoot() }

    /// One device's noise standard deviation per coordinate, in quantization steps: σ·Δ/√m.
    public var deviceStandardDeviation: Double { noiseMultiplier * sensitivity / Double(minimumCohort).squareRoot() }

    /// The noise standard deviation of a sum of `devices` devices, in the update's own units:
    /// σ·Δ·√(devices/m)/2^f.
    public func sumStandardDeviation(devices: Int) -> Double {
        deviceStandardDeviation * Double(devices).squareRoot() / quantization.scale
    }

    /// KLS's τ = 10·Σ_{k=1}^{m−1} exp(−2π²s²·k/(k+1)) for the m honest devices' per-device
    /// standard deviation s (in steps): how far the sum of their discrete Gaussians is from
    /// one discrete Gaussian. Negligible (it underflows to 0) once s is more than a few steps.
    public var tau: Double {
        let variance = distribution.variance
        var sum = 0.0
        for k in 1..<max(1, minimumCohort) {
            let term = exp(-2 * Double.pi * Double.pi * variance * Double(k) / Double(k + 1))
            if term == 0 { break }
            sum += term
        }
        return 10 * sum
    }

    /// The noise multiplier the sum is provably as private as: KLS (Theorem 1, the second
    /// bound) give ρ-zCDP with √(2ρ) = Δ/(√m·s) + τ·√d = 1/σ + τ·√d, the zCDP of a Gaussian
    /// of multiplier 1/(1/σ + τ·√d).
    public var effectiveNoiseMultiplier: Double {
        1 / (1 / noiseMultiplier + tau * Double(vectorLength).squareRoot())
    }

    /// Adds this device's noise to every quantized coordinate of `values`.
    public func add(to values: inout [Int64]) throws(AggregationError) {
        try distribution.add(to: &values)
    }
}
