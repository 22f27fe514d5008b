/// A device's whole privacy pipeline for one update: clip to the L2 norm C, add its share
/// of distributed Gaussian noise, quantize into words ready for ``SecAggClient/maskInput(_:input:)``;
/// and the coordinator's decoding of the unmasked sum.
public struct UpdateEncoder: Sendable {
    /// One encoded update, with what the pipeline had to do to it.
    public struct Encoded: Sendable {
        /// The words to mask.
        public let words: [UInt32]
        /// Whether the update was scaled down to the clip norm.
        public let clipped: Bool
        /// How many noisy coordinates fell outside the declared range and were clamped.
        public let clampedCoordinates: Int
    }

    /// The quantizer.
    public let quantizer: Quantizer
    /// The noise, or `nil` without differential privacy.
    public let noise: DistributedNoise?

    /// The encoder a round's configuration prescribes (noise when its multiplier is positive).
    public init(configuration: RoundConfiguration) throws(AggregationError) {
        quantizer = Quantizer(parameters: configuration.quantization)
        noise = configuration.noiseMultiplier > 0
            ? try DistributedNoise(noiseMultiplier: configuration.noiseMultiplier, clipNorm: configuration.quantization.clipNorm,
                                   minimumCohort: configuration.minimumInputs)
            : nil
    }

    /// An encoder from explicit parts.
    public init(quantizer: Quantizer, noise: DistributedNoise?) {
        self.quantizer = quantizer
        self.noise = noise
    }

    /// Clips, noises and quantizes `update`.
    public func encode(_ update: [Double]) throws(AggregationError) -> Encoded {
        var (values, clipped) = try quantizer.clip(update)
        try noise?.add(to: &values)
        let (words, clamped) = try quantizer.quantize(values)
        return Encoded(words: words, clipped: clipped, clampedCoordinates: clamped)
    }

    /// Decodes the unmasked sum of encoded updates.
    public func decode(sum: [UInt32]) -> [Double] { quantizer.dequantize(sum: sum) }
}
