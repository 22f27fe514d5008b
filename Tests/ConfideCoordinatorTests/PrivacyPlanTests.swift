import ConfideAggregation
@testable import ConfideCoordinator
import ConfidePolicy
import Testing

@Suite("Privacy plans spend the budget tightly and never beyond it")
struct PrivacyPlanTests {
    static func limits(budget: Double = 8, floor: Double = 0.5) -> TrainingLimits {
        TrainingLimits(minCohort: 10, epsilonBudget: budget, delta: 1e-5, clipNorm: 1, noiseMultiplier: floor,
                       location: SourceLocation(file: "test.yaml", line: 1, column: 1))
    }

    @Test("With every device in every round, σ is the least that fits on the accountant's own grid",
          arguments: [(rounds: 5, budget: 8.0), (rounds: 40, budget: 4.0), (rounds: 3, budget: 1.0)])
    func leastSigmaAtFullRate(_ setting: (rounds: Int, budget: Double)) throws {
        let accountant = try PLDAccountant()
        let plan = try PrivacyPlan.make(limits: Self.limits(budget: setting.budget), accountant: accountant, rounds: setting.rounds,
                                        eligible: 1_000, requestedEpsilon: nil, requestedRate: 1, noise: true)
        func epsilon(_ sigma: Double) throws -> Double {
            try accountant.epsilon(afterRecording: sigma, samplingRate: 1, steps: setting.rounds, delta: 1e-5)
        }
        #expect(try epsilon(plan.noiseMultiplier) <= setting.budget)
        // Within the search's 10⁻³ tolerance (and its coarser grid) of the least σ.
        #expect(try epsilon(plan.noiseMultiplier * 0.995) > setting.budget, "σ \(plan.noiseMultiplier) is not the least that fits")
        // The Rényi accountant would have needed more noise for the same guarantee.
        let renyi = try PrivacyAccountant.noiseMultiplier(targetEpsilon: setting.budget, delta: 1e-5, samplingRate: 1, steps: setting.rounds)
        #expect(plan.noiseMultiplier < renyi)
    }

    @Test("A free sampling rate is the largest that fits at its σ, and the plan composes with what was spent")
    func largestRateAfterEarlierSpending() throws {
        var accountant = try PLDAccountant()
        try accountant.record(noiseMultiplier: 2, samplingRate: 0.01, steps: 10)
        let spent = try accountant.epsilon(delta: 1e-5)
        // Too little for q = 1 even at 16 times the floor: the rate is what the plan trades.
        let plan = try PrivacyPlan.make(limits: Self.limits(budget: spent + 0.3, floor: 1), accountant: accountant, rounds: 20,
                                        eligible: 100_000, requestedEpsilon: nil, requestedRate: nil, noise: true)
        #expect(plan.samplingRate < 1 && plan.noiseMultiplier >= 1)
        let after = try accountant.epsilon(afterRecording: plan.noiseMultiplier, samplingRate: plan.samplingRate, steps: 20, delta: 1e-5)
        #expect(after <= plan.epsilonCeiling && abs(plan.epsilonCeiling - (spent + 0.3)) < 1e-12)
        let more = try accountant.epsilon(afterRecording: plan.noiseMultiplier, samplingRate: min(1, plan.samplingRate * 1.01),
                                          steps: 20, delta: 1e-5)
        #expect(more > plan.epsilonCeiling, "a 1 % larger rate would still fit")
    }

    @Test("A spent budget or an impossible plan is refused with a reason")
    func refusals() throws {
        var accountant = try PLDAccountant()
        try accountant.record(noiseMultiplier: 0.6, samplingRate: 1, steps: 50)
        #expect(throws: ConfigurationError.self) {
            try PrivacyPlan.make(limits: Self.limits(budget: 2), accountant: accountant, rounds: 1, eligible: 1_000,
                                 requestedEpsilon: nil, requestedRate: nil, noise: true)
        }
        #expect(throws: ConfigurationError.self) {
            try PrivacyPlan.make(limits: Self.limits(budget: 0.01), accountant: try PLDAccountant(), rounds: 10_000, eligible: 1_000,
                                 requestedEpsilon: nil, requestedRate: 1, noise: true)
        }
    }
}
