import ConfideCrypto

/// Fixed-point encoding of real vectors into `UInt32` words whose wrapping sum decodes
/// exactly (see ``QuantizationParameters``).
///
/// Rounding is stochastic and unbiased: a value v·2^f between integers ⌊v·2^f⌋ and
/// ⌊v·2^f⌋ + 1 rounds up with probability equal to its fractional part, so the expected
/// quantized value is the value itself and the error of a sum of n devices grows like √n,
/// not n. The coin flips come from libsodium's CSPRNG.
public struct Quantizer: Sendable {
    /// The encoding.
    public let parameters: QuantizationParameters

    /// A quantizer for `parameters`.
    public init(parameters: QuantizationParameters) {
        self.parameters = parameters
    }

    /// `values` scaled down, if needed, to L2 norm at most ``QuantizationParameters/clipNorm``;
    /// also says whether it had to be.
    public func clip(_ values: [Double]) throws(AggregationError) -> (values: [Double], clipped: Bool) {
        try Self.checkFinite(values)
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > parameters.clipNorm else { return (values, false) }
        let factor = parameters.clipNorm / norm
        return (values.map { $0 * factor }, true)
    }

    /// Clamps every coordinate to the declared range and rounds it stochastically to a
    /// two's-complement word; also returns how many coordinates had to be clamped.
    public func quantize(_ values: [Double]) throws(AggregationError) -> (words: [UInt32], clamped: Int) {
        let (integers, clamped) = try round(values)
        return (words(integers).words, clamped)
    }

    /// Clamps every coordinate to the declared range and rounds it stochastically to an
    /// integer number of quantization steps (at most ``QuantizationParameters/maxMagnitude``
    /// in magnitude); also returns how many coordinates had to be clamped.
    public func round(_ values: [Double]) throws(AggregationError) -> (integers: [Int64], clamped: Int) {
        try Self.checkFinite(values)
        var coins = [UInt64](repeating: 0, count: values.count)
        try crypto("rounding randomness") { try coins.withUnsafeMutableBytes { try SecureRandom.fill($0) } }
        return round(values, coins: coins)
    }

    /// Quantizes with caller-chosen coins, one `UInt64` per value (its top 53 bits are the
    /// uniform draw). Internal: rounding must be random to be unbiased, so only
    /// known-answer tests choose the coins.
    func quantize(_ values: [Double], coins: [UInt64]) -> (words: [UInt32], clamped: Int) {
        let (integers, clamped) = round(values, coins: coins)
        return (words(integers).words, clamped)
    }

    /// ``round(_:)`` with caller-chosen coins.
    func round(_ values: [Double], coins: [UInt64]) -> (integers: [Int64], clamped: Int) {
        let scale = parameters.scale
        let bound = parameters.bound
        var clamped = 0
        var integers = [Int64](repeating: 0, count: values.count)
        for i in values.indices {
            var value = values[i]
            if value > bound || value < -bound {
                value = min(bound, max(-bound, value))
                clamped += 1
            }
            let scaled = value * scale
            let floor = scaled.rounded(.down)
            let uniform = Double(coins[i] >> 11) * 0x1p-53
            integers[i] = Int64(floor) + (uniform < scaled - floor ? 1 : 0)
        }
        return (integers, clamped)
    }

    /// Two's-complement words for integers in quantization steps, each clamped to
    /// ±``QuantizationParameters/maxMagnitude`` so that the sum of the devices
    /// ``QuantizationParameters/checkFits(devices:)`` admits cannot overflow; also returns
    /// how many had to be clamped (with noise added, one in 10¹⁵ or fewer: see
    /// ``UpdateEncoder``).
    public func words(_ integers: [Int64]) -> (words: [UInt32], clamped: Int) {
        let limit = Int64(parameters.maxMagnitude)
        var clamped = 0
        let words = integers.map { integer in
            var value = integer
            if value > limit || value < -limit {
                value = min(limit, max(-limit, value))
                clamped += 1
            }
            return UInt32(truncatingIfNeeded: value)
        }
        return (words, clamped)
    }

    /// Decodes a wrapped sum of quantized vectors: each word read as a signed 32-bit
    /// integer and divided by the scale, exactly (the scale is a power of two).
    public func dequantize(sum words: [UInt32]) -> [Double] {
        let scale = parameters.scale
        return words.map { Double(Int32(bitPattern: $0)) / scale }
    }

    static func checkFinite(_ values: [Double]) throws(AggregationError) {
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw AggregationError(.invalidArgument, "update coordinate \(bad) is not a finite number")
        }
    }
}
