#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a device turns its real-valued update into 32-bit words that sum exactly.
///
/// Updates are clipped to L2 norm ``clipNorm``, each coordinate is clamped to the
/// declared range `[-bound, bound]`, multiplied by `2^fractionalBits` and rounded
/// stochastically to an integer stored as a two's-complement `UInt32`. Sums wrap
/// modulo 2^32 and are read back as signed 32-bit integers, which is exact as long as
/// the true sum stays within ±(2^31 − 1): ``checkFits(devices:)`` refuses parameters
/// for which `devices` updates could leave that range.
public struct QuantizationParameters: Hashable, Sendable {
    /// The L2 norm every update is clipped to (C), in the update's own units.
    public let clipNorm: Double
    /// The declared range: every coordinate is clamped to `[-bound, bound]` before quantizing.
    public let bound: Double
    /// Binary digits kept after the point; the quantization step is `2^-fractionalBits`.
    public let fractionalBits: Int

    /// Validates the parameters (they still have to fit a cohort: see ``checkFits(devices:)``).
    public init(clipNorm: Double, bound: Double, fractionalBits: Int) throws(AggregationError) {
        guard clipNorm.isFinite, clipNorm > 0 else {
            throw AggregationError(.invalidConfiguration, "the clip norm must be positive and finite, got \(clipNorm)")
        }
        guard bound.isFinite, bound > 0 else {
            throw AggregationError(.invalidConfiguration, "the quantization bound must be positive and finite, got \(bound)")
        }
        guard (0...40).contains(fractionalBits) else {
            throw AggregationError(.invalidConfiguration, "fractional bits must be 0 to 40, got \(fractionalBits)")
        }
        guard (bound * Double(sign: .plus, exponent: fractionalBits, significand: 1)).rounded(.up) <= Double(Int32.max) else {
            throw AggregationError(.overflow,
                                   "a single coordinate of ±\(bound) at \(fractionalBits) fractional bits does not fit a 32-bit word; lower one of them")
        }
        self.clipNorm = clipNorm
        self.bound = bound
        self.fractionalBits = fractionalBits
    }

    /// The fixed-point scale, `2^fractionalBits` (a power of two, so decoding is exact).
    public var scale: Double { Double(sign: .plus, exponent: fractionalBits, significand: 1) }

    /// The largest magnitude one device's quantized coordinate can take.
    public var maxMagnitude: Double { (bound * scale).rounded(.up) }

    /// Bits of the 32-bit word left unused when `devices` updates are summed; negative
    /// when the sum could overflow.
    public func headroomBits(devices: Int) -> Double {
        31 - log2(Double(max(1, devices)) * max(1, maxMagnitude))
    }

    /// Throws ``AggregationError/Kind/overflow`` unless `devices` updates always sum
    /// within ±(2^31 − 1), saying how many bits are missing.
    public func checkFits(devices: Int) throws(AggregationError) {
        let worst = Double(max(1, devices)) * maxMagnitude
        guard worst <= Double(Int32.max) else {
            let missing = -headroomBits(devices: devices)
            throw AggregationError(.overflow, """
                \(devices) devices with coordinates up to ±\(bound) at \(fractionalBits) fractional bits could sum to \
                ±\(worst), which needs \(String(describing: (missing * 100).rounded(.up) / 100)) more bits than a 32-bit word has; \
                lower fractionalBits by at least \(Int(missing.rounded(.up))) or the bound
                """)
        }
    }

    /// The finest parameters for `devices` devices: the most fractional bits whose sums
    /// still fit with at least `headroomBits` bits to spare.
    public static func fitting(clipNorm: Double, bound: Double, devices: Int,
                               headroomBits: Double = 0) throws(AggregationError) -> QuantizationParameters {
        var best: QuantizationParameters?
        for bits in 0...40 {
            let candidate = try QuantizationParameters(clipNorm: clipNorm, bound: bound, fractionalBits: bits)
            guard candidate.headroomBits(devices: devices) >= headroomBits,
                  (try? candidate.checkFits(devices: devices)) != nil else { break }
            best = candidate
        }
        guard let best else {
            throw AggregationError(.overflow,
                                   "no precision fits \(devices) devices with coordinates up to ±\(bound) in 32 bits; lower the bound")
        }
        return best
    }
}
