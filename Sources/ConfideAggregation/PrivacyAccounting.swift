/// What the coordinator needs of a privacy accountant for the Poisson-subsampled Gaussian:
/// charge rounds, and report the cumulative (ε, δ). ``PrivacyAccountant`` (Rényi DP) and
/// ``PLDAccountant`` (privacy loss distributions, tighter) both provide it.
public protocol PrivacyAccounting: Sendable {
    /// Charges `steps` rounds with noise multiplier σ and sampling rate q.
    mutating func record(noiseMultiplier: Double, samplingRate: Double, steps: Int) throws(AggregationError)
    /// The cumulative ε at `delta` for everything recorded so far.
    func epsilon(delta: Double) throws(AggregationError) -> Double
    /// A cheaper copy whose ε is never below this one's, `factor` (> 1) times coarser where
    /// the accountant has a resolution to trade, for searches whose answer is then checked
    /// on the accountant itself.
    func coarsened(by factor: Double) throws(AggregationError) -> Self
}

extension PrivacyAccounting {
    /// The cumulative ε at `delta` if `steps` more rounds with these parameters ran:
    /// the check that stops training before a budget is exceeded.
    public func epsilon(afterRecording noiseMultiplier: Double, samplingRate: Double, steps: Int = 1,
                        delta: Double) throws(AggregationError) -> Double {
        var copy = self
        try copy.record(noiseMultiplier: noiseMultiplier, samplingRate: samplingRate, steps: steps)
        return try copy.epsilon(delta: delta)
    }
}
