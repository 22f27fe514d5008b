import ConfideAggregation
import ConfidePolicy
import Foundation

/// How a job spends privacy: the Poisson sampling rate of its cohorts and the cumulative
/// ε (for the whole policy, all tasks together) it may not exceed.
struct PrivacyPlan: Sendable, Equatable {
    /// Each eligible device joins a round independently with this probability.
    var samplingRate: Double
    /// The policy-wide cumulative ε the job stops before exceeding.
    var epsilonCeiling: Double
    /// The noise multiplier σ of every round (0 when noise is disabled); at least the policy's.
    var noiseMultiplier: Double

    /// Devices whose input must reach the sum for a round to complete, as a share of its
    /// cohort. Devices calibrate their noise to this many, so a completed round's sum
    /// carries at least the policy's noise.
    static let survivalShare = 0.7

    /// Plans a job of `rounds` rounds over `eligible` devices against the policy's limits.
    ///
    /// The policy's noise multiplier is the least σ a round may use. For a given ε, a
    /// round's signal grows with the sampling rate q (more devices) and its noise with σ,
    /// so the plan picks the pair (σ ≥ the policy's, q ≤ 1) with the largest q/σ whose ε
    /// over all planned rounds fits the allowance. With a requested rate, the smallest σ
    /// that fits is used. Throws a ``ConfigurationError`` explaining what to change when the
    /// budget is spent, nothing fits, or the expected cohort is below the policy's minimum.
    static func make(limits: TrainingLimits, accountant: some PrivacyAccounting, rounds: Int, eligible: Int,
                     requestedEpsilon: Double?, requestedRate: Double?, noise: Bool) throws -> PrivacyPlan {
        if let requestedRate, !(requestedRate > 0 && requestedRate <= 1) {
            throw ConfigurationError("the sampling rate must be in (0, 1], got \(requestedRate)")
        }
        guard noise else {
            return PrivacyPlan(samplingRate: requestedRate ?? 1, epsilonCeiling: .infinity, noiseMultiplier: 0)
        }
        let delta = limits.delta
        let spent = try accountant.epsilon(delta: delta)
        let available = limits.epsilonBudget - spent
        guard available > 0 else {
            throw ConfigurationError("the policy's ε budget of \(limits.epsilonBudget) is spent (\(format(spent)) used); no more training is allowed")
        }
        if let requestedEpsilon, !(requestedEpsilon > 0) {
            throw ConfigurationError("a job's ε must be positive, got \(requestedEpsilon)")
        }
        let ceiling = spent + min(available, requestedEpsilon ?? available)
        func fits(_ sigma: Double, _ rate: Double) throws -> Bool {
            try accountant.epsilon(afterRecording: sigma, samplingRate: rate, steps: rounds, delta: delta) <= ceiling
        }
        // σ from the policy's up to 16 times it, in steps of 15%.
        let sigmas = (0..<21).map { limits.noiseMultiplier * pow(1.15, Double($0)) }
        var best: (sigma: Double, rate: Double)?
        if let requestedRate {
            if let sigma = try sigmas.first(where: { try fits($0, requestedRate) }) { best = (sigma, requestedRate) }
        } else {
            for sigma in sigmas {
                let rate = try largestRate(fitting: { try fits(sigma, $0) })
                if rate > 0, rate / sigma > (best.map { $0.rate / $0.sigma } ?? 0) { best = (sigma, rate) }
                // Past q = 1 more noise only costs signal.
                if rate >= 1 { break }
            }
        }
        guard let best else {
            throw ConfigurationError("\(rounds) rounds do not fit within ε \(format(ceiling - spent)) at any noise level up to 16× the policy's; plan fewer rounds")
        }
        let expected = best.rate * Double(eligible)
        let needed = Double(limits.minCohort) / survivalShare
        guard expected >= needed else {
            throw ConfigurationError("""
                \(rounds) rounds within ε \(format(ceiling - spent)) allow at best a sampling rate of \(format(best.rate)) (σ \(format(best.sigma))), \
                so cohorts of about \(Int(expected)) of the \(eligible) eligible devices; the policy's minimum cohort of \(limits.minCohort) \
                needs about \(Int(needed.rounded(.up))). Plan fewer rounds, or more consenting devices.
                """)
        }
        return PrivacyPlan(samplingRate: best.rate, epsilonCeiling: ceiling, noiseMultiplier: best.sigma)
    }

    /// The largest rate in (0, 1] for which `fits` holds (ε grows with the rate), or 0.
    private static func largestRate(fitting fits: (Double) throws -> Bool) throws -> Double {
        if try fits(1) { return 1 }
        var low = 0.0, high = 1.0
        for _ in 0..<30 {
            let middle = (low + high) / 2
            if try fits(middle) { low = middle } else { high = middle }
        }
        return low
    }

    private static func format(_ value: Double) -> String {
        String(Double(Int((value * 1000).rounded())) / 1000)
    }
}
