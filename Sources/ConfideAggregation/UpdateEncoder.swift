/// A device's whole privacy pipeline for one update: clip to the L2 norm C, quantize
/// (stochastic rounding to 2^−f steps), add its share of distributed discrete Gaussian
/// noise in integers, and store words ready for ``SecAggClient/maskInput(_:input:)``; and the
/// coordinator's decoding of the unmasked sum.
///
/// Noise comes after quantization, so the released sum is an exact integer sum plus exact
/// integer noise (``DistributedNoise``): no floating point touches the noise. Each noisy
/// integer is clamped to ±``QuantizationParameters/maxMagnitude`` so the 32-bit sum cannot
/// overflow and decodes exactly; the bound B the coordinator declares leaves ten device
/// noise standard deviations of room above the clipped values, so a clamp happens with
/// probability below 2·e^{−50} ≈ 4·10⁻²² per coordinate (a discrete Gaussian's tail is at
/// most the continuous one's bound e^{−t²/2}).
public struct UpdateEncoder: Sendable {
    /// One encoded update, with what the pipeline had to do to it.
    public struct Encoded: Sendable {
        /// The words to mask.
        public let words: [UInt32]
        /// Whether the update was scaled down to the clip norm.
        public let clipped: Bool
        /// How many coordinates were clamped: clipped values beyond the declared range, and
        /// noisy integers beyond ±``QuantizationParameters/maxMagnitude``.
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
            ? try DistributedNoise(noiseMultiplier: configuration.noiseMultiplier, quantization: configuration.quantization,
                                   vectorLength: configuration.vectorLength, minimumCohort: configuration.minimumInputs)
            : nil
    }

    /// An encoder from explicit parts.
    public init(quantizer: Quantizer, noise: DistributedNoise?) {
        self.quantizer = quantizer
        self.noise = noise
    }

    /// Clips, quantizes and noises `update`.
    public func encode(_ update: [Double]) throws(AggregationError) -> Encoded {
        let (values, clipped) = try quantizer.clip(update)
        var (integers, clamped) = try quantizer.round(values)
        try noise?.add(to: &integers)
        let (words, overflowing) = quantizer.words(integers)
        return Encoded(words: words, clipped: clipped, clampedCoordinates: clamped + overflowing)
    }

    /// Decodes the unmasked sum of encoded updates.
    public func decode(sum: [UInt32]) -> [Double] { quantizer.dequantize(sum: sum) }

    /// The largest L2 norm the decoded sum of `contributors` honest updates of `length`
    /// coordinates can have: each clipped to C, plus the noise (the norm of a Gaussian
    /// vector exceeds its standard deviation times √d + 8 with odds below 10⁻¹⁴; a discrete
    /// Gaussian's tails are no heavier), plus
    /// stochastic rounding (under one quantum per coordinate per device).
    ///
    /// The server never sees inputs, so nothing makes a device clip honestly; a sum beyond
    /// this bound cannot come from devices that did, and is refused rather than applied.
    /// A sum within it can still have been shifted by up to C per dishonest device.
    public func plausibleNorm(contributors: Int, length: Int) -> Double {
        let n = Double(contributors), root = Double(length).squareRoot()
        let noise = (noise?.sumStandardDeviation(devices: contributors) ?? 0) * (root + 8)
        return n * quantizer.parameters.clipNorm + noise + n * root / quantizer.parameters.scale
    }
}
