import Foundation
import Testing
@testable import ConfideAggregation

@Suite("Distributed noise and privacy accounting")
struct NoiseAndAccountantTests {
    @Test("Each device's noise has standard deviation σ·C/√m and mean 0")
    func deviceNoise() throws {
        let noise = try DistributedNoise(noiseMultiplier: 1.2, clipNorm: 0.5, minimumCohort: 25)
        #expect(abs(noise.deviceStandardDeviation - 0.12) < 1e-12)
        var values = [Double](repeating: 0, count: 200_000)
        try noise.add(to: &values)
        let mean = values.reduce(0, +) / Double(values.count)
        let deviation = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
        // The sample standard deviation's standard error is σ/√(2N) ≈ 0.16 %; allow 1 %.
        #expect(abs(deviation / 0.12 - 1) < 0.01)
        #expect(abs(mean) < 5 * 0.12 / Double(values.count).squareRoot())
    }

    @Test("m devices' noise sums to standard deviation σ·C")
    func sumNoise() throws {
        let noise = try DistributedNoise(noiseMultiplier: 0.8, clipNorm: 2, minimumCohort: 16)
        var total = [Double](repeating: 0, count: 20_000)
        for _ in 0..<16 {
            var share = [Double](repeating: 0, count: total.count)
            try noise.add(to: &share)
            for i in total.indices { total[i] += share[i] }
        }
        let deviation = (total.reduce(0) { $0 + $1 * $1 } / Double(total.count)).squareRoot()
        #expect(abs(deviation / 1.6 - 1) < 0.025)
        #expect(abs(noise.sumStandardDeviation(devices: 16) - 1.6) < 1e-12)
    }

    @Test("ε matches Google's dp-accounting within 1% over σ, q, steps and δ")
    func accountantMatchesReference() throws {
        var worst = 0.0
        for case let (sigma, q, steps, delta, reference) in accountantReference {
            let epsilon = try PrivacyAccountant.epsilon(noiseMultiplier: sigma, samplingRate: q, steps: steps, delta: delta)
            let error = abs(epsilon - reference) / reference
            worst = max(worst, error)
            #expect(error < 0.01, "σ=\(sigma) q=\(q) T=\(steps) δ=\(delta): \(epsilon) vs \(reference)")
        }
        #expect(accountantReference.count >= 140)
        #expect(worst < 0.01)
    }

    @Test("The σ for a target ε matches dp-accounting's calibration within 1%")
    func inverseMatchesReference() throws {
        for case let (target, delta, q, steps, reference) in calibrationReference {
            let sigma = try PrivacyAccountant.noiseMultiplier(targetEpsilon: target, delta: delta, samplingRate: q, steps: steps)
            #expect(abs(sigma - reference) / reference < 0.01, "ε=\(target) q=\(q) T=\(steps): \(sigma) vs \(reference)")
            let reached = try PrivacyAccountant.epsilon(noiseMultiplier: sigma, samplingRate: q, steps: steps, delta: delta)
            #expect(reached <= target * (1 + 1e-9))
        }
    }

    @Test("Rounds compose: recording them one by one equals recording them at once; per-round ε is below the total")
    func composition() throws {
        var stepwise = try PrivacyAccountant()
        for _ in 0..<20 { try stepwise.record(noiseMultiplier: 1.1, samplingRate: 0.02) }
        var batch = try PrivacyAccountant()
        try batch.record(noiseMultiplier: 1.1, samplingRate: 0.02, steps: 20)
        for (a, b) in zip(stepwise.rdp, batch.rdp) { #expect(abs(a - b) <= 1e-12 * max(1, abs(b))) }
        let total = try stepwise.epsilon(delta: 1e-5)
        let perRound = try PrivacyAccountant.epsilon(noiseMultiplier: 1.1, samplingRate: 0.02, steps: 1, delta: 1e-5)
        #expect(perRound < total)
        #expect(try stepwise.epsilon(afterRecording: 1.1, samplingRate: 0.02, delta: 1e-5) > total)
        #expect(stepwise.events.count == 20)
        let restored = try JSONDecoder().decode(PrivacyAccountant.self, from: JSONEncoder().encode(stepwise))
        #expect(restored == stepwise)
        #expect(throws: AggregationError.self) { try stepwise.epsilon(delta: 0) }
        #expect(throws: AggregationError.self) { try stepwise.record(noiseMultiplier: 1, samplingRate: 1.5) }
    }
}
