import Foundation
import Testing
@testable import ConfideAggregation

@Suite("Distributed noise and privacy accounting")
struct NoiseAndAccountantTests {
    @Test("Each device's discrete noise has standard deviation σ·(C·2^f + √d)/√m steps and mean 0")
    func deviceNoise() throws {
        let quantization = try QuantizationParameters(clipNorm: 0.5, bound: 4, fractionalBits: 8)
        let noise = try DistributedNoise(noiseMultiplier: 1.2, quantization: quantization, vectorLength: 100, minimumCohort: 25)
        // Δ = 0.5·256 + 10 = 138 steps; s = 1.2·138/5.
        #expect(noise.sensitivity == 138)
        #expect(abs(noise.deviceStandardDeviation - 1.2 * 138 / 5) < 1e-12)
        #expect(abs(noise.distribution.variance - noise.deviceStandardDeviation * noise.deviceStandardDeviation) < 1e-9)
        var values = [Int64](repeating: 0, count: 200_000)
        try noise.add(to: &values)
        let n = Double(values.count)
        let mean = values.reduce(0.0) { $0 + Double($1) } / n
        let deviation = (values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / (n - 1)).squareRoot()
        // The sample standard deviation's standard error is σ/√(2N) ≈ 0.16 %; allow 1 %.
        #expect(abs(deviation / noise.deviceStandardDeviation - 1) < 0.01)
        #expect(abs(mean) < 5 * noise.deviceStandardDeviation / n.squareRoot())
        // Far from ½ step the sum of discrete Gaussians is as private as one: τ underflows.
        #expect(noise.tau == 0 && noise.effectiveNoiseMultiplier == 1.2)
    }

    @Test("m devices' noise sums to standard deviation σ·Δ steps")
    func sumNoise() throws {
        let quantization = try QuantizationParameters(clipNorm: 2, bound: 8, fractionalBits: 4)
        let noise = try DistributedNoise(noiseMultiplier: 0.8, quantization: quantization, vectorLength: 16, minimumCohort: 16)
        var total = [Int64](repeating: 0, count: 20_000)
        for _ in 0..<16 { try noise.add(to: &total) }
        let deviation = (total.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(total.count)).squareRoot()
        // Δ = 2·16 + 4 = 36 steps: the sum's standard deviation is 0.8·36 steps, 1.8 in update units.
        #expect(abs(deviation / (0.8 * 36) - 1) < 0.025)
        #expect(abs(noise.sumStandardDeviation(devices: 16) - 1.8) < 1e-12)
    }

    @Test("KLS's τ: a hand computation, and noise too coarse for the accounting is refused")
    func tau() throws {
        // f = 0, C = 1, d = 1, m = 3, σ = 0.6: s = 0.6·2/√3 ≈ 0.69 steps.
        let coarse = try QuantizationParameters(clipNorm: 1, bound: 8, fractionalBits: 0)
        let error = try #require(throws: AggregationError.self) {
            try DistributedNoise(noiseMultiplier: 0.6, quantization: coarse, vectorLength: 1, minimumCohort: 3)
        }
        #expect(error.message.contains("too coarse"))
        #expect(throws: AggregationError.self) {
            try DistributedNoise(noiseMultiplier: 0.1, quantization: coarse, vectorLength: 1, minimumCohort: 3)
        }
        // s = 3·2/√2 ≈ 4.24 steps: τ = 10·e^{−2π²·18/2} ≈ 10^−77, far below the tolerance.
        let fine = try DistributedNoise(noiseMultiplier: 3, quantization: coarse, vectorLength: 1, minimumCohort: 2)
        let s2 = fine.distribution.variance
        #expect(abs(fine.tau / (10 * exp(-Double.pi * Double.pi * s2)) - 1) < 1e-9)
        #expect(fine.tau < 1e-70 && fine.effectiveNoiseMultiplier == 3)
    }

    @Test("The fitted range holds ten device noise deviations; noisy words of every device sum and decode exactly")
    func noisyRangeAndExactDecode() throws {
        let (n, m, d) = (50, 35, 64)
        let parameters = try QuantizationParameters.fitting(clipNorm: 1, valueBound: 1, noiseMultiplier: 2, vectorLength: d,
                                                            minimumCohort: m, devices: n)
        try parameters.checkFits(devices: n)
        let noise = try DistributedNoise(noiseMultiplier: 2, quantization: parameters, vectorLength: d, minimumCohort: m)
        #expect(parameters.bound * parameters.scale >= parameters.scale + 10 * noise.deviceStandardDeviation + 1)
        let quantizer = Quantizer(parameters: parameters)
        // Every device at the top of the range in every coordinate, plus its noise.
        var exact = [Int64](repeating: 0, count: d)
        var words = [UInt32](repeating: 0, count: d)
        for _ in 0..<n {
            var (integers, clamped) = try quantizer.round([Double](repeating: 1, count: d))
            #expect(clamped == 0)
            try noise.add(to: &integers)
            let (encoded, overflowing) = quantizer.words(integers)
            #expect(overflowing == 0)
            for i in 0..<d {
                exact[i] += integers[i]
                words[i] &+= encoded[i]
            }
        }
        #expect(quantizer.dequantize(sum: words) == exact.map { Double($0) / parameters.scale })
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
