import Testing
@testable import ConfideCrypto

@Suite("Shamir secret sharing")
struct ShamirTests {
    /// Every subset of `indices` of size `size`.
    func subsets(of indices: [Int], size: Int) -> [[Int]] {
        if size == 0 { return [[]] }
        guard let first = indices.first else { return [] }
        let rest = Array(indices.dropFirst())
        return subsets(of: rest, size: size - 1).map { [first] + $0 } + subsets(of: rest, size: size)
    }

    @Test("Every t-subset of n shares reconstructs (exhaustive for small n)",
          arguments: [(1, 1), (1, 3), (2, 3), (3, 5), (4, 7), (5, 8)])
    func exhaustive(threshold: Int, count: Int) throws {
        let secret = try SymmetricKey()
        let shares = try Shamir.split(secret, threshold: threshold, count: count)
        #expect(shares.map(\.index) == (1...count).map { UInt8($0) })
        for subset in subsets(of: Array(0..<count), size: threshold) {
            let recovered = try Shamir.combine(subset.map { shares[$0] })
            #expect(recovered.constantTimeEquals(secret.secureBytes))
        }
    }

    @Test("Random t-subsets of large splits reconstruct", arguments: [(10, 20), (51, 101), (128, 255)])
    func random(threshold: Int, count: Int) throws {
        let secret = try SymmetricKey()
        let shares = try Shamir.split(secret, threshold: threshold, count: count)
        for _ in 0..<10 {
            let subset = shares.shuffled().prefix(threshold)
            #expect(try Shamir.combine(Array(subset)).constantTimeEquals(secret.secureBytes))
        }
        // More than t shares also work.
        #expect(try Shamir.combine(shares).constantTimeEquals(secret.secureBytes))
    }

    @Test("Fewer than t shares are refused")
    func tooFew() throws {
        let shares = try Shamir.split(SymmetricKey(), threshold: 5, count: 9)
        let error = #expect(throws: CryptoError.self) { try Shamir.combine(Array(shares.prefix(4))) }
        #expect(error?.kind == .insufficientShares)
        #expect(throws: CryptoError.self) { try Shamir.combine([]) }
    }

    @Test("t-1 shares with a forged threshold give garbage, not the secret")
    func forgedThreshold() throws {
        let secret = try SymmetricKey()
        let shares = try Shamir.split(secret, threshold: 4, count: 6)
        let forged = try shares.prefix(3).map { share -> ShamirShare in
            var bytes = try share.serialized().testBytes
            bytes[1] = 3
            return try ShamirShare(serialized: SecureBytes(copying: bytes))
        }
        #expect(try !Shamir.combine(forged).constantTimeEquals(secret.secureBytes))
    }

    @Test("Duplicate indices and mixed splits are refused")
    func duplicates() throws {
        let shares = try Shamir.split(SymmetricKey(), threshold: 3, count: 5)
        let error = #expect(throws: CryptoError.self) { try Shamir.combine([shares[0], shares[1], shares[1]]) }
        #expect(error?.kind == .inconsistentShares)
        let other = try Shamir.split(SymmetricKey(), threshold: 2, count: 5)
        #expect(throws: CryptoError.self) { try Shamir.combine([shares[0], shares[1], other[2]]) }
    }

    @Test("Shares survive serialization; bad parameters are refused")
    func serialization() throws {
        let secret = try SymmetricKey()
        let shares = try Shamir.split(secret, threshold: 2, count: 3)
        let parsed = try shares.map { try ShamirShare(serialized: $0.serialized()) }
        #expect(try Shamir.combine([parsed[2], parsed[0]]).constantTimeEquals(secret.secureBytes))
        #expect(throws: CryptoError.self) { try ShamirShare(serialized: SecureBytes(copying: [0, 2, 9, 9])) }
        #expect(throws: CryptoError.self) { try Shamir.split(secret, threshold: 0, count: 3) }
        #expect(throws: CryptoError.self) { try Shamir.split(secret, threshold: 4, count: 3) }
        #expect(throws: CryptoError.self) { try Shamir.split(secret, threshold: 2, count: 256) }
    }

    @Test("GF(2^8) arithmetic: known products and inverses")
    func field() {
        // From FIPS-197 section 4.2: {57} x {83} = {c1}, {57} x {13} = {fe}.
        #expect(GF256.multiply(0x57, 0x83) == 0xC1)
        #expect(GF256.multiply(0x57, 0x13) == 0xFE)
        for a in 1...255 {
            #expect(GF256.multiply(UInt8(a), GF256.inverse(UInt8(a))) == 1)
        }
    }

    @Test("Serialized shares in ordinary memory reconstruct like share values, with the same refusals")
    func serializedCombine() throws {
        let secret = try SymmetricKey()
        let shares = try Shamir.split(secret, threshold: 4, count: 7)
        let serialized = try shares.map { try $0.serialized().testBytes }
        #expect(try Shamir.combine(serialized: Array(serialized.suffix(4))).constantTimeEquals(secret.secureBytes))
        #expect(try Shamir.combine(serialized: serialized.shuffled()).constantTimeEquals(secret.secureBytes))
        #expect(throws: CryptoError.self) { try Shamir.combine(serialized: Array(serialized.prefix(3))) }
        #expect(throws: CryptoError.self) { try Shamir.combine(serialized: [serialized[0], serialized[0], serialized[1], serialized[2]]) }
        var zeroIndex = serialized[0]
        zeroIndex[0] = 0
        #expect(throws: CryptoError.self) { try Shamir.combine(serialized: [zeroIndex] + serialized.suffix(4)) }
        #expect(throws: CryptoError.self) { try Shamir.combine(serialized: [Array(serialized[0].prefix(10))] + serialized.suffix(4)) }
    }
}
