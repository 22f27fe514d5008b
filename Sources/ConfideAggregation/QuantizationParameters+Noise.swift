extension QuantizationParameters {
    /// Device noise standard deviations of room the declared range leaves above the values.
    public static let noiseHeadroom = 10.0

    /// The finest parameters for `devices` devices whose range holds values of magnitude
    /// up to `valueBound` plus ``noiseHeadroom`` standard deviations of one device's
    /// discrete noise and one rounding step, so that a noisy coordinate is clamped with
    /// probability below 2·e^{−50} ≈ 4·10⁻²² (discrete Gaussian tails are at most e^{−t²/2}).
    ///
    /// The noise depends on the precision (its sensitivity counts √d rounding steps), so
    /// the range is widened and refitted until it holds; without noise
    /// (`noiseMultiplier` 0) this is ``fitting(clipNorm:bound:devices:headroomBits:)``.
    public static func fitting(clipNorm: Double, valueBound: Double, noiseMultiplier: Double, vectorLength: Int,
                               minimumCohort: Int, devices: Int) throws(AggregationError) -> QuantizationParameters {
        var bound = valueBound + (noiseHeadroom + 1) * noiseMultiplier * clipNorm / Double(max(1, minimumCohort)).squareRoot()
        var parameters = try fitting(clipNorm: clipNorm, bound: bound, devices: devices)
        guard noiseMultiplier > 0 else { return parameters }
        for _ in 0..<8 {
            let noise = try DistributedNoise(noiseMultiplier: noiseMultiplier, quantization: parameters,
                                             vectorLength: vectorLength, minimumCohort: minimumCohort)
            let needed = valueBound + (noiseHeadroom * noise.deviceStandardDeviation + 1) / parameters.scale
            if needed <= bound { return parameters }
            bound = needed * 1.01
            parameters = try fitting(clipNorm: clipNorm, bound: bound, devices: devices)
        }
        throw AggregationError(.overflow, "no precision leaves room for the noise of noise multiplier \(noiseMultiplier)")
    }
}
