import ConfideAggregation
import ConfidePolicy

/// How a job spends privacy: the Poisson sampling rate of its cohorts and the cumulative
/// ε (for the whole policy, all tasks together) it may not exceed.
struct PrivacyPlan: Sendable, Equatable {
    /// Each eligible device joins a round independently with this probability.
    var samplingRate: Double
    /// The policy-wide cumulative ε the job stops before exceeding.
    var epsilonCeiling: Double
    /// The noise multiplier σ of every round (0 when noise is disabled).
    var noiseMultiplier: Double

    /// Devices whose input must reach the sum for a round to complete, as a share of its
    /// cohort. Devices calibrate their noise to this many, so a completed round's sum
    /// carries at least the policy's noise.
    static let survivalShare = 0.7

    /// Plans a job of `rounds` rounds over `eligible` devices against the policy's limits.
    ///
    /// Without a requested rate, the largest rate whose ε over all planned rounds fits the
    /// allowance is chosen (amplification by sampling then does the most for the budget).
    /// Throws a ``ConfigurationError`` explaining what to change when the budget is spent,
    /// a requested rate does not fit, or the expected cohort would be below the policy's
    /// minimum.
    static func make(limits: TrainingLimits, accountant: PrivacyAccountant, rounds: Int, eligible: Int,
                     requestedEpsilon: Double?, requestedRate: Double?, noise: Bool) throws -> PrivacyPlan {
        if let requestedRate, !(requestedRate > 0 && requestedRate <= 1) {
            throw ConfigurationError("the sampling rate must be in (0, 1], got \(requestedRate)")
        }
        guard noise else {
            return PrivacyPlan(samplingRate: requestedRate ?? 1, epsilonCeiling: .infinity, noiseMultiplier: 0)
        }
        let sigma = limits.noiseMultiplier, delta = limits.delta
        let spent = try accountant.epsilon(delta: delta)
        let available = limits.epsilonBudget - spent
        guard available > 0 else {
            throw ConfigurationError("the policy's ε budget of \(limits.epsilonBudget) is spent (\(format(spent)) used); no more training is allowed")
        }
        if let requestedEpsilon, !(requestedEpsilon > 0) {
            throw ConfigurationError("a job's ε must be positive, got \(requestedEpsilon)")
        }
        let ceiling = spent + min(available, requestedEpsilon ?? available)
        func epsilon(_ rate: Double) throws -> Double {
            try accountant.epsilon(afterRecording: sigma, samplingRate: rate, steps: rounds, delta: delta)
        }
        let rate: Double
        if let requestedRate {
            let needed = try epsilon(requestedRate)
            guard needed <= ceiling else {
                throw ConfigurationError("\(rounds) rounds at sampling rate \(requestedRate) would bring ε to \(format(needed)), above the \(format(ceiling)) allowed; lower the rate or the rounds")
            }
            rate = requestedRate
        } else if try epsilon(1) <= ceiling {
            rate = 1
        } else {
            // ε grows with the rate: bisect for the largest rate that fits.
            var low = 0.0, high = 1.0
            for _ in 0..<40 {
                let middle = (low + high) / 2
                if try epsilon(middle) <= ceiling { low = middle } else { high = middle }
            }
            rate = low
        }
        let expected = rate * Double(eligible)
        let needed = Double(limits.minCohort) / survivalShare
        guard expected >= needed else {
            throw ConfigurationError("""
                \(rounds) rounds within ε \(format(ceiling)) allow a sampling rate of \(format(rate)), so cohorts of about \
                \(Int(expected)) of the \(eligible) eligible devices; the policy's minimum cohort of \(limits.minCohort) needs \
                about \(Int(needed.rounded(.up))). Plan fewer rounds, or more consenting devices.
                """)
        }
        return PrivacyPlan(samplingRate: rate, epsilonCeiling: ceiling, noiseMultiplier: sigma)
    }

    private static func format(_ value: Double) -> String {
        String(Double(Int((value * 1000).rounded())) / 1000)
    }
}
