import ConfideCrypto

/// The device's share of distributed Gaussian noise for differential privacy.
///
/// Each of at least m devices adds independent Gaussian noise of standard deviation
/// σ·C/√m to every coordinate of its clipped update, so the sum of m devices carries
/// noise of standard deviation σ·C: the Gaussian mechanism with noise multiplier σ on a
/// sum whose L2 sensitivity is C. Samples come from libsodium's CSPRNG
/// (``SecureRandom/fillGaussian(_:standardDeviation:)``).
///
/// Trust assumption: the guarantee holds when at least m honest devices' noise is in the
/// sum. Devices that skip their noise, or collude with the coordinator and reveal it,
/// reduce the noise by their share; if fewer than m inputs arrive the round must not be
/// released (the server enforces ``RoundConfiguration/minimumInputs``).
public struct DistributedNoise: Sendable {
    /// The noise multiplier σ of the whole sum.
    public let noiseMultiplier: Double
    /// The clip norm C (L2 sensitivity of one device's contribution).
    public let clipNorm: Double
    /// The minimum cohort m the noise is split across.
    public let minimumCohort: Int

    /// Noise for a sum of at least `minimumCohort` devices.
    public init(noiseMultiplier: Double, clipNorm: Double, minimumCohort: Int) throws(AggregationError) {
        guard noiseMultiplier.isFinite, noiseMultiplier >= 0, clipNorm.isFinite, clipNorm > 0 else {
            throw AggregationError(.invalidArgument, "the noise multiplier must be ≥ 0 and the clip norm > 0, both finite")
        }
        guard minimumCohort >= 1 else {
            throw AggregationError(.invalidArgument, "the minimum cohort must be at least 1, got \(minimumCohort)")
        }
        self.noiseMultiplier = noiseMultiplier
        self.clipNorm = clipNorm
        self.minimumCohort = minimumCohort
    }

    /// The noise one device adds per coordinate: σ·C/√m.
    public var deviceStandardDeviation: Double { noiseMultiplier * clipNorm / Double(minimumCohort).squareRoot() }

    /// The noise standard deviation of a sum of `devices` devices: σ·C·√(devices/m).
    public func sumStandardDeviation(devices: Int) -> Double { deviceStandardDeviation * Double(devices).squareRoot() }

    /// Adds this device's noise to every coordinate of `values`.
    public func add(to values: inout [Double]) throws(AggregationError) {
        guard deviceStandardDeviation > 0, !values.isEmpty else { return }
        let noise = try crypto("noise sampling") { try SecureRandom.gaussians(count: values.count, standardDeviation: deviceStandardDeviation) }
        for i in values.indices { values[i] += noise[i] }
    }
}
