import Foundation
import Testing
@testable import ConfideAggregation

/// ε from ``PLDAccountant`` for every case of `pldReference`, computed once (the slow part)
/// and shared by the tests that compare it with dp-accounting and with the RDP accountant.
private let computedEpsilons: [Result<Double, AggregationError>] = pldReference.map { c in
    Result { () throws(AggregationError) -> Double in
        try PLDAccountant.epsilon(noiseMultiplier: c.sigma, samplingRate: c.q, steps: c.steps, delta: c.delta)
    }
}

@Suite("Privacy loss distribution accountant")
struct PLDAccountantTests {
    @Test("ε matches dp-accounting's PLDAccountant within 0.5% over σ, q, steps and δ")
    func matchesReference() throws {
        var worst = (error: 0.0, setting: "")
        for (c, computed) in zip(pldReference, computedEpsilons) {
            let epsilon = try computed.get()
            let error = abs(epsilon - c.epsilon) / c.epsilon
            let setting = "σ=\(c.sigma) q=\(c.q) T=\(c.steps) δ=\(c.delta): \(epsilon) vs \(c.epsilon)"
            if error > worst.error { worst = (error, setting) }
            #expect(error < 0.005, "\(setting)")
        }
        // Measured: 6·10⁻⁸ (σ=1, q=0.01, T=1000, δ=10⁻⁷); the rest of the grid agrees to 10⁻⁹ or better.
        print("PLD ε vs dp-accounting: \(pldReference.count) cases, largest relative difference \(worst.error) at \(worst.setting)")
        #expect(pldReference.count >= 40)
        #expect(worst.error < 1e-6)
    }

    @Test("δ(ε) matches dp-accounting's PLDAccountant within 0.5%")
    func deltaMatchesReference() throws {
        for c in pldDeltaReference {
            var accountant = try PLDAccountant()
            try accountant.record(noiseMultiplier: c.sigma, samplingRate: c.q, steps: c.steps)
            let delta = try accountant.delta(epsilon: c.epsilon)
            #expect(abs(delta - c.delta) / c.delta < 0.005, "σ=\(c.sigma) q=\(c.q) T=\(c.steps) ε=\(c.epsilon): \(delta) vs \(c.delta)")
            // ε(δ) inverts δ(ε).
            #expect(abs(try accountant.epsilon(delta: delta) - c.epsilon) < 1e-6)
        }
    }

    @Test("The σ for a target ε matches dp-accounting's PLD calibration within 0.5%")
    func calibrationMatchesReference() throws {
        for c in pldCalibrationReference {
            let sigma = try PLDAccountant.noiseMultiplier(targetEpsilon: c.epsilon, delta: c.delta, samplingRate: c.q, steps: c.steps)
            #expect(abs(sigma - c.sigma) / c.sigma < 0.005, "ε=\(c.epsilon) q=\(c.q) T=\(c.steps): \(sigma) vs \(c.sigma)")
            let reached = try PLDAccountant.epsilon(noiseMultiplier: sigma, samplingRate: c.q, steps: c.steps, delta: c.delta)
            #expect(reached <= c.epsilon)
        }
    }

    @Test("PLD ε is at most the RDP bound over the reference grid")
    func tighterThanRDP() throws {
        var smallestRatio = (ratio: Double.infinity, setting: "")
        var largestRatio = 0.0
        for (c, computed) in zip(pldReference, computedEpsilons) {
            let pld = try computed.get()
            let rdp = try PrivacyAccountant.epsilon(noiseMultiplier: c.sigma, samplingRate: c.q, steps: c.steps, delta: c.delta)
            // The grid's slack is at most a few Δ = 10⁻⁴ in ε.
            #expect(pld <= rdp * (1 + 1e-6) + 1e-3, "σ=\(c.sigma) q=\(c.q) T=\(c.steps) δ=\(c.delta): PLD \(pld) vs RDP \(rdp)")
            if pld / rdp < smallestRatio.ratio { smallestRatio = (pld / rdp, "σ=\(c.sigma) q=\(c.q) T=\(c.steps) δ=\(c.delta)") }
            largestRatio = max(largestRatio, pld / rdp)
        }
        print("PLD ε / RDP ε: from \(smallestRatio.ratio) (\(smallestRatio.setting)) to \(largestRatio)")
    }

    @Test("For ε 8 at δ 10⁻⁵ the PLD accountant needs no more noise than RDP", arguments: [0.01, 0.1, 1.0])
    func noiseSavings(samplingRate: Double) throws {
        for steps in [25, 100, 1000] {
            let rdp = try PrivacyAccountant.noiseMultiplier(targetEpsilon: 8, delta: 1e-5, samplingRate: samplingRate, steps: steps)
            let pld = try PLDAccountant.noiseMultiplier(targetEpsilon: 8, delta: 1e-5, samplingRate: samplingRate, steps: steps,
                                                        tolerance: 1e-3)
            print("ε=8 δ=1e-5 q=\(samplingRate) T=\(steps): σ RDP \(rdp), σ PLD \(pld), saving \((1 - pld / rdp) * 100)%")
            #expect(pld <= rdp * (1 + 1e-3))
        }
    }

    @Test("δ is never below the exact δ of the composed Gaussian (q = 1), and close to it")
    func pessimisticAgainstClosedForm() throws {
        // T Gaussian mechanisms with noise multiplier σ are one with σ/√T; its exact
        // δ(ε) = Φ(−ε/μ + μ/2) − e^ε Φ(−ε/μ − μ/2), μ = √T/σ (Balle and Wang 2018).
        for (sigma, steps) in [(1.0, 10), (2.0, 100), (0.8, 1)] {
            var accountant = try PLDAccountant()
            try accountant.record(noiseMultiplier: sigma, samplingRate: 1, steps: steps)
            let mu = Double(steps).squareRoot() / sigma
            for epsilon in [0.25, 1, 2, 4, 8] {
                let exact = SampledGaussianPrivacyLoss.normalCDF(-epsilon / mu + mu / 2)
                    - exp(epsilon) * SampledGaussianPrivacyLoss.normalCDF(-epsilon / mu - mu / 2)
                guard exact > 1e-12 else { continue }
                let delta = try accountant.delta(epsilon: epsilon)
                #expect(delta >= exact * (1 - 1e-9), "σ=\(sigma) T=\(steps) ε=\(epsilon): \(delta) < exact \(exact)")
                #expect(delta <= exact * 1.01, "σ=\(sigma) T=\(steps) ε=\(epsilon): \(delta) vs exact \(exact)")
            }
        }
    }

    @Test("Rounds compose in any grouping; the accountant round-trips through JSON; bad arguments throw")
    func composition() throws {
        var stepwise = try PLDAccountant()
        for _ in 0..<20 { try stepwise.record(noiseMultiplier: 1.1, samplingRate: 0.02) }
        var batch = try PLDAccountant()
        try batch.record(noiseMultiplier: 1.1, samplingRate: 0.02, steps: 20)
        let total = try stepwise.epsilon(delta: 1e-5)
        #expect(total == (try batch.epsilon(delta: 1e-5)))
        #expect(stepwise.events.count == 20)
        let perRound = try PLDAccountant.epsilon(noiseMultiplier: 1.1, samplingRate: 0.02, steps: 1, delta: 1e-5)
        #expect(perRound < total)
        #expect(try stepwise.epsilon(afterRecording: 1.1, samplingRate: 0.02, delta: 1e-5) > total)
        #expect(try PLDAccountant().epsilon(delta: 1e-5) == 0)

        var mixed = try PLDAccountant()
        try mixed.record(noiseMultiplier: 1.0, samplingRate: 0.05, steps: 30)
        try mixed.record(noiseMultiplier: 2.0, samplingRate: 0.2, steps: 10)
        var reversed = try PLDAccountant()
        try reversed.record(noiseMultiplier: 2.0, samplingRate: 0.2, steps: 10)
        try reversed.record(noiseMultiplier: 1.0, samplingRate: 0.05, steps: 30)
        let both = try mixed.epsilon(delta: 1e-6)
        #expect(abs(both - (try reversed.epsilon(delta: 1e-6))) <= 1e-9 * both)
        #expect(both > (try PLDAccountant.epsilon(noiseMultiplier: 1.0, samplingRate: 0.05, steps: 30, delta: 1e-6)))
        #expect(both > (try PLDAccountant.epsilon(noiseMultiplier: 2.0, samplingRate: 0.2, steps: 10, delta: 1e-6)))

        let restored = try JSONDecoder().decode(PLDAccountant.self, from: JSONEncoder().encode(mixed))
        #expect(restored == mixed)
        #expect(try restored.epsilon(delta: 1e-6) == both)

        #expect(throws: AggregationError.self) { try stepwise.epsilon(delta: 0) }
        #expect(throws: AggregationError.self) { try stepwise.epsilon(delta: 1) }
        #expect(throws: AggregationError.self) { try stepwise.delta(epsilon: -1) }
        #expect(throws: AggregationError.self) { try stepwise.record(noiseMultiplier: 0, samplingRate: 0.1) }
        #expect(throws: AggregationError.self) { try stepwise.record(noiseMultiplier: .nan, samplingRate: 0.1) }
        #expect(throws: AggregationError.self) { try stepwise.record(noiseMultiplier: .infinity, samplingRate: 0.1) }
        #expect(throws: AggregationError.self) { try stepwise.record(noiseMultiplier: 1, samplingRate: 0) }
        #expect(throws: AggregationError.self) { try stepwise.record(noiseMultiplier: 1, samplingRate: 1.5) }
        #expect(throws: AggregationError.self) { try stepwise.record(noiseMultiplier: 1, samplingRate: 0.1, steps: 0) }
        #expect(throws: AggregationError.self) { try PLDAccountant(discretizationInterval: 0) }
        // σ = 0.01 would need a grid of 6·10⁷ points; refused before allocating it.
        #expect(throws: AggregationError.self) { try stepwise.record(noiseMultiplier: 0.01, samplingRate: 1) }
        #expect(stepwise.events.count == 20)
        let bad = Data(#"{"discretizationInterval":0.0001,"events":[{"noiseMultiplier":-1,"samplingRate":0.1,"steps":1}]}"#.utf8)
        #expect(throws: AggregationError.self) { try JSONDecoder().decode(PLDAccountant.self, from: bad) }
    }

    @Test("Timing: ε of 10,000 rounds (printed, not asserted)")
    func timing() throws {
        let clock = ContinuousClock()
        var epsilon = 0.0
        let elapsed = try clock.measure {
            epsilon = try PLDAccountant.epsilon(noiseMultiplier: 1.1, samplingRate: 0.01, steps: 10_000, delta: 1e-5)
        }
        print("PLD ε for σ=1.1 q=0.01 T=10000 δ=1e-5: \(epsilon) in \(elapsed) (this build's optimization level)")
        #expect(epsilon.isFinite)
    }
}
