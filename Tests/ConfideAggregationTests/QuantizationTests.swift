import Testing
import ConfideCrypto
@testable import ConfideAggregation

@Suite("Quantization")
struct QuantizationTests {
    let parameters = try! QuantizationParameters(clipNorm: 2, bound: 2, fractionalBits: 12)

    @Test("One coordinate is off by less than one step; decoding a wrapped sum is exact")
    func errorBoundAndExactDecode() throws {
        var random = SeededGenerator(seed: 1)
        let quantizer = Quantizer(parameters: parameters)
        let step = 1 / parameters.scale
        let vectors = (0..<50).map { _ in (0..<200).map { _ in Double.random(in: -2...2, using: &random) } }
        var sum = [UInt32](repeating: 0, count: 200)
        var integerSum = [Int64](repeating: 0, count: 200)
        for vector in vectors {
            let (words, clamped) = try quantizer.quantize(vector)
            #expect(clamped == 0)
            for i in words.indices {
                let value = Double(Int32(bitPattern: words[i])) / parameters.scale
                #expect(abs(value - vector[i]) < step)
                sum[i] &+= words[i]
                integerSum[i] += Int64(Int32(bitPattern: words[i]))
            }
        }
        let decoded = quantizer.dequantize(sum: sum)
        for i in decoded.indices {
            #expect(decoded[i] == Double(integerSum[i]) / parameters.scale)  // bit-exact
            let truth = vectors.reduce(0) { $0 + $1[i] }
            #expect(abs(decoded[i] - truth) < Double(vectors.count) * step)
        }
    }

    @Test("Stochastic rounding is unbiased")
    func unbiased() throws {
        let coarse = try QuantizationParameters(clipNorm: 1, bound: 1, fractionalBits: 0)
        let quantizer = Quantizer(parameters: coarse)
        let values = [Double](repeating: 0.3, count: 40_000) + [Double](repeating: -0.7, count: 40_000)
        let words = try quantizer.quantize(values).words.map { Double(Int32(bitPattern: $0)) }
        let up = words.prefix(40_000).reduce(0, +) / 40_000
        let down = words.suffix(40_000).reduce(0, +) / 40_000
        // Standard error is about 0.0023; 0.015 is over six of them.
        #expect(abs(up - 0.3) < 0.015)
        #expect(abs(down + 0.7) < 0.015)
        #expect(Set(words.prefix(40_000)) == [0, 1])
    }

    @Test("Clipping bounds the L2 norm and keeps the direction; out-of-range values are clamped and counted")
    func clipAndClamp() throws {
        let quantizer = Quantizer(parameters: parameters)
        let (clipped, didClip) = try quantizer.clip([3, 4])
        #expect(didClip)
        #expect(abs(clipped[0] - 1.2) < 1e-12 && abs(clipped[1] - 1.6) < 1e-12)
        #expect(try quantizer.clip([0.5, 0.5]).clipped == false)
        let (words, clamped) = try quantizer.quantize([5, -5, 1])
        #expect(clamped == 2)
        #expect(quantizer.dequantize(sum: words) == [2, -2, 1])
        #expect(throws: AggregationError.self) { try quantizer.quantize([.nan]) }
        #expect(throws: AggregationError.self) { try quantizer.clip([1, .infinity]) }
    }

    @Test("Configurations that could overflow 2^32 are refused, saying how many bits are missing")
    func overflow() throws {
        let wide = try QuantizationParameters(clipNorm: 1, bound: 1, fractionalBits: 24)
        let error = try #require(throws: AggregationError.self) { try wide.checkFits(devices: 1000) }
        #expect(error.kind == .overflow)
        #expect(error.message.contains("more bits"))
        #expect(wide.headroomBits(devices: 1000) < 0)
        let fitted = try QuantizationParameters.fitting(clipNorm: 1, bound: 1, devices: 1000)
        #expect(fitted.fractionalBits == 21)
        #expect(fitted.headroomBits(devices: 1000) >= 0 && fitted.headroomBits(devices: 1000) < 1)
        try fitted.checkFits(devices: 1000)
        #expect(try QuantizationParameters.fitting(clipNorm: 1, bound: 1, devices: 1000, headroomBits: 3).fractionalBits == 18)
    }

    @Test("Clipped, noised, quantized, masked and unmasked with dropouts: the decoded sum and weighted mean are right")
    func endToEnd() throws {
        var harness = try Harness(n: 16, k: 7, t: 4, d: 5, seed: 77)
        let config = harness.configuration
        let encoder = try UpdateEncoder(configuration: config)
        #expect(encoder.noise == nil)
        var random = SeededGenerator(seed: 5)
        // Each device averages 4 values with weight = its example count.
        let values = (0..<16).map { _ in (0..<4).map { _ in Double.random(in: -0.2...0.2, using: &random) } }
        let weights = (0..<16).map { _ in Double(Int.random(in: 1...3, using: &random)) }
        let encoded = try (0..<16).map { try encoder.encode(WeightedMean.pack(values[$0], weight: weights[$0]) .map { $0 / 4 }) }
        harness = try Harness(configuration: config, identities: harness.identities, inputs: encoded.map(\.words))
        let dropped: Set<Int> = [2, 9]
        let result = try harness.run(drops: [.beforeMaskedInput: dropped])
        let decoded = encoder.decode(sum: result.sum).map { $0 * 4 }
        let (mean, total) = try #require(WeightedMean.unpack(sum: decoded))
        let survivors = (0..<16).filter { !dropped.contains($0) }
        let trueTotal = survivors.reduce(0) { $0 + weights[$1] }
        #expect(abs(total - trueTotal) < 1e-3)
        for i in 0..<4 {
            let truth = survivors.reduce(0) { $0 + values[$1][i] * weights[$1] } / trueTotal
            #expect(abs(mean[i] - truth) < 1e-3)
        }
    }
}

extension Harness {
    /// A fresh round of `configuration` whose devices hold `inputs` (for encoded real-valued updates).
    init(configuration: RoundConfiguration, identities: [IdentityKey], inputs: [[UInt32]]) throws {
        self.configuration = configuration
        self.identities = identities
        self.inputs = inputs
        clients = try (0..<identities.count).map {
            try SecAggClient(configuration: configuration, id: configuration.cohort[$0].id, identity: identities[$0])
        }
        server = try SecAggServer(configuration: configuration)
    }
}
