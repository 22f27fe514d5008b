import Testing
@testable import ConfideCrypto

@Suite("Secure randomness")
struct SecureRandomTests {
    @Test("Uniform integers stay in range and cover it")
    func uniform() throws {
        var seen = Set<UInt32>()
        for _ in 0..<2_000 {
            let value = try SecureRandom.uniform(below: UInt32(10))
            #expect(value < 10)
            seen.insert(value)
        }
        #expect(seen.count == 10)
        for _ in 0..<1_000 { #expect(try SecureRandom.uniform(below: UInt64(3)) < 3) }
        #expect(throws: CryptoError.self) { try SecureRandom.uniform(below: UInt32(0)) }
    }

    @Test("Gaussian samples have the requested mean and standard deviation")
    func gaussian() throws {
        let sigma = 2.5
        let count = 200_000
        let samples = try SecureRandom.gaussians(count: count, standardDeviation: sigma)
        let mean = samples.reduce(0, +) / Double(count)
        let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count - 1)
        // Standard errors: mean sigma/sqrt(n) = 0.0056; sd about sigma/sqrt(2n) = 0.004. Allow 5 of each.
        #expect(abs(mean) < 0.03)
        #expect(abs(variance.squareRoot() - sigma) < 0.02)
        // About 68.27% within one sigma.
        let within = Double(samples.filter { abs($0) < sigma }.count) / Double(count)
        #expect(abs(within - 0.6827) < 0.01)
        #expect(try SecureRandom.gaussians(count: 3, standardDeviation: 1).count == 3)
        #expect(throws: CryptoError.self) { try SecureRandom.gaussians(count: 3, standardDeviation: .nan) }
    }

    @Test("Random bytes differ between calls")
    func bytes() throws {
        #expect(try SecureRandom.bytes(count: 32) != SecureRandom.bytes(count: 32))
        #expect(try SecureRandom.bytes(count: 0).isEmpty)
    }
}
