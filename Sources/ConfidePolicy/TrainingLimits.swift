/// Limits on federated training: the privacy budget and the parameters that spend it.
public struct TrainingLimits: Hashable, Sendable, Codable {
    /// The smallest cohort a round may aggregate; rounds with fewer survivors are aborted.
    public var minCohort: Int
    /// The total ε that all rounds of all tasks together may spend (composition over the same data).
    public var epsilonBudget: Double
    /// The δ of the (ε, δ) guarantee; must be below 1/n for n subjects to be meaningful.
    public var delta: Double
    /// The L2 norm every update is clipped to before noise is added.
    public var clipNorm: Double
    /// The Gaussian noise multiplier σ: the cohort sum carries noise of standard deviation σ·C.
    public var noiseMultiplier: Double
    /// The most devices one subject may have registered at once (default 5): a subject joins
    /// a round with at most one of them, and the cap bounds what one enrolled account can add.
    public var maxDevicesPerSubject: Int
    /// Where the limits are declared.
    public var location: SourceLocation

    /// Creates training limits.
    public init(minCohort: Int, epsilonBudget: Double, delta: Double, clipNorm: Double, noiseMultiplier: Double,
                maxDevicesPerSubject: Int = 5, location: SourceLocation) {
        self.maxDevicesPerSubject = maxDevicesPerSubject
        self.minCohort = minCohort
        self.epsilonBudget = epsilonBudget
        self.delta = delta
        self.clipNorm = clipNorm
        self.noiseMultiplier = noiseMultiplier
        self.location = location
    }
}
