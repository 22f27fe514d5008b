import ConfideCrypto
@testable import ConfideAggregation
import Testing

@Suite("Sums that clipped updates cannot produce are recognised")
struct PlausibleSumTests {
    static func encoder(sigma: Double) throws -> UpdateEncoder {
        let parameters = try QuantizationParameters.fitting(clipNorm: 1, valueBound: 1, noiseMultiplier: sigma, vectorLength: 40,
                                                            minimumCohort: 35, devices: 50)
        return UpdateEncoder(quantizer: Quantizer(parameters: parameters),
                             noise: sigma > 0 ? try DistributedNoise(noiseMultiplier: sigma, quantization: parameters, vectorLength: 40,
                                                                     minimumCohort: 35) : nil)
    }

    static func decodedSum(_ updates: [[Double]], _ encoder: UpdateEncoder) throws -> [Double] {
        var sum = [UInt32](repeating: 0, count: updates[0].count)
        for update in updates {
            let words = try encoder.encode(update).words
            for i in sum.indices { sum[i] &+= words[i] }
        }
        return encoder.decode(sum: sum)
    }

    static func norm(_ values: [Double]) -> Double { values.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    @Test("Honest devices at the clip norm stay within the bound, with and without noise", arguments: [0.0, 1.1, 3.0])
    func honest(sigma: Double) throws {
        let encoder = try Self.encoder(sigma: sigma)
        for trial in 0..<5 {
            // Every device's update points the same way at full norm: the largest honest sum.
            let direction = (0..<40).map { Double(($0 * 7 + trial) % 11) - 5 }
            let unit = direction.map { $0 / Self.norm(direction) }
            let sum = try Self.decodedSum(Array(repeating: unit, count: 50), encoder)
            #expect(Self.norm(sum) <= encoder.plausibleNorm(contributors: 50, length: 40))
        }
    }

    @Test("One device that skips clipping and adds twice what the whole cohort could is caught")
    func dishonest() throws {
        let encoder = try Self.encoder(sigma: 1.1)
        let scale = encoder.quantizer.parameters.scale
        // 49 honest devices with nothing to say, encoded with their noise.
        var words = [UInt32](repeating: 0, count: 40)
        for _ in 0..<49 {
            let encoded = try encoder.encode([Double](repeating: 0, count: 40)).words
            for i in words.indices { words[i] &+= encoded[i] }
        }
        // A device that skipped clipping: its masked input carries 2·n·C in one coordinate,
        // as words in the modular field (nothing on the server can see it before the sum).
        words[0] &+= UInt32(bitPattern: Int32((2 * 50 * 1.0 * scale).rounded()))
        let sum = encoder.decode(sum: words)
        #expect(Self.norm(sum) > encoder.plausibleNorm(contributors: 50, length: 40))
    }
}
