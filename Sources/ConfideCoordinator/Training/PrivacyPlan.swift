import ConfideAggregation
import ConfidePolicy
import Foundation

/// How a job spends privacy: the Poisson sampling rate of its cohorts and the cumulative
/// ε (for the whole policy, all tasks together) it may not exceed.
struct PrivacyPlan: Sendable, Equatable, Codable {
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

    /// How much coarser than the accountant the plan searches: for privacy loss
    /// distributions a grid 100 times coarser, about 100 times faster and never below its ε
    /// (at ε near 8 it overstates by about 10⁻⁴ relative). The answer is refined 10 times
    /// coarser and checked on the accountant itself.
    static let searchCoarsening = 100.0

    /// Plans a job of `rounds` rounds over `eligible` devices against the policy's limits,
    /// with the accountant that keeps the policy's budget (the coordinator's is
    /// ``PLDAccountant``).
    ///
    /// The policy's noise multiplier is the least σ a round may use. For a given ε, a
    /// round's signal grows with the sampling rate q (more devices) and its noise with σ,
    /// so the plan picks the pair (σ ≥ the policy's, q ≤ 1) with the largest q/σ whose ε
    /// over all planned rounds fits the allowance: σ on a grid of 15 % steps, q as large as
    /// fits at each; where q reaches 1, σ is then lowered continuously to the least that
    /// fits. With a requested rate, the least σ that fits is used. Throws a
    /// ``ConfigurationError`` explaining what to change when the budget is spent, nothing
    /// fits, or the expected cohort is below the policy's minimum.
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
        let coarse = try accountant.coarsened(by: searchCoarsening)
        let search = Search(ceiling: ceiling) { sigma, rate in
            try coarse.epsilon(afterRecording: sigma, samplingRate: rate, steps: rounds, delta: delta)
        }
        let floor = limits.noiseMultiplier
        var best: (sigma: Double, rate: Double)?
        if let requestedRate {
            best = try search.leastSigma(from: floor, rate: requestedRate).map { ($0, requestedRate) }
        } else {
            // σ from the policy's up to 16 times it, in steps of 15 %.
            var previous = (sigma: floor, rate: 0.0)
            for sigma in (0..<21).map({ floor * pow(1.15, Double($0)) }) {
                let rate = try search.largestRate(sigma: sigma, above: previous.rate)
                if rate >= 1 {
                    // q = 1 first fits somewhere in (previous σ, σ]: the least σ there wins.
                    let least = try search.leastSigma(from: sigma == floor ? floor : previous.sigma, rate: 1) ?? sigma
                    if 1 / least > (best.map { $0.rate / $0.sigma } ?? 0) { best = (least, 1) }
                    break
                }
                if rate > 0, rate / sigma > (best.map { $0.rate / $0.sigma } ?? 0) { best = (sigma, rate) }
                previous = (sigma, rate)
            }
        }
        guard var best else {
            throw ConfigurationError("\(rounds) rounds do not fit within ε \(format(ceiling - spent)) at any noise level up to 16× the policy's; plan fewer rounds")
        }
        // The coarse grid rounds each round's loss up by up to its spacing, which matters at
        // small ε: refine the answer on a grid 10 times finer (still 10 times faster than
        // the accountant's), within the last 10 %.
        let medium = try accountant.coarsened(by: searchCoarsening / 10)
        let refine = Search(ceiling: ceiling) { sigma, rate in
            try medium.epsilon(afterRecording: sigma, samplingRate: rate, steps: rounds, delta: delta)
        }
        best = try refine.refined(best, floor: floor, fixedRate: requestedRate != nil)
        // The search's grid never understates ε, so this check on the accountant's own grid
        // passes; it guards the invariant rather than trusting it.
        func fitsExactly(_ candidate: (sigma: Double, rate: Double)) throws -> Bool {
            try accountant.epsilon(afterRecording: candidate.sigma, samplingRate: candidate.rate, steps: rounds, delta: delta) <= ceiling
        }
        var nudges = 0
        while try !fitsExactly(best) {
            nudges += 1
            guard nudges <= 20 else {
                throw ConfigurationError("the privacy plan could not be confirmed on the accountant's grid; plan fewer rounds")
            }
            best.sigma *= 1.005
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

    /// Searches (σ, q) pairs against an ε ceiling; ε grows with q and falls with σ.
    private struct Search {
        let ceiling: Double
        let epsilon: (Double, Double) throws -> Double

        func fits(_ sigma: Double, _ rate: Double) throws -> Bool { try epsilon(sigma, rate) <= ceiling }

        /// The largest rate in (0, 1] that fits with σ, to a relative 10⁻³, or 0; `known`
        /// is a rate already known to fit (a smaller σ's answer).
        func largestRate(sigma: Double, above known: Double) throws -> Double {
            if try fits(sigma, 1) { return 1 }
            var low = known, high = 1.0
            while high - low > 1e-3 * high {
                let middle = (low + high) / 2
                if try fits(sigma, middle) { low = middle } else { high = middle }
            }
            return low
        }

        /// `candidate` (which fits) improved by bisection within 10 %: a larger rate if it is
        /// below 1 and free, else a smaller σ, not below `floor`.
        func refined(_ candidate: (sigma: Double, rate: Double), floor: Double, fixedRate: Bool) throws -> (sigma: Double, rate: Double) {
            var candidate = candidate
            if candidate.rate < 1, !fixedRate {
                var low = candidate.rate, high = min(1, candidate.rate * 1.1)
                for _ in 0..<7 {
                    let middle = (low + high) / 2
                    if try fits(candidate.sigma, middle) { low = middle } else { high = middle }
                }
                if try fits(candidate.sigma, high) { low = high }
                candidate.rate = low
            }
            if candidate.rate == 1 || fixedRate {
                var low = max(floor, candidate.sigma * 0.9), high = candidate.sigma
                if try fits(low, candidate.rate) { return (low, candidate.rate) }
                for _ in 0..<7 {
                    let middle = (low + high) / 2
                    if try fits(middle, candidate.rate) { high = middle } else { low = middle }
                }
                candidate.sigma = high
            }
            return candidate
        }

        /// The least σ ≥ `floor` that fits at `rate`, to a relative 10⁻³ (at most 16 times
        /// the floor), or `nil`.
        func leastSigma(from floor: Double, rate: Double) throws -> Double? {
            if try fits(floor, rate) { return floor }
            var low = floor, high = floor * 2
            while try !fits(high, rate) {
                low = high
                high *= 2
                if high > floor * 16 * 1.15 { return nil }
            }
            while high - low > 1e-3 * high {
                let middle = (low + high) / 2
                if try fits(middle, rate) { high = middle } else { low = middle }
            }
            return high
        }
    }

    private static func format(_ value: Double) -> String {
        String(Double(Int((value * 1000).rounded())) / 1000)
    }
}
