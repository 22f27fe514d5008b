import Testing
@testable import ConfideCrypto

@Suite("Pairwise secrets and masks")
struct PairwiseAndMaskTests {
    @Test("Both peers derive the same key; contexts give different keys")
    func pairwise() throws {
        let alice = try AgreementKey()
        let bob = try AgreementKey()
        let aliceMask = try alice.pairwiseKey(with: bob.publicKey, context: "mask")
        let bobMask = try bob.pairwiseKey(with: alice.publicKey, context: "mask")
        #expect(aliceMask.constantTimeEquals(bobMask))
        let aliceShare = try alice.pairwiseKey(with: bob.publicKey, context: "share-encryption")
        #expect(!aliceMask.constantTimeEquals(aliceShare))
        let carol = try AgreementKey()
        #expect(!aliceMask.constantTimeEquals(try alice.pairwiseKey(with: carol.publicKey, context: "mask")))
        // The derived key is not the raw shared point.
        #expect(aliceMask.testBytes != (try alice.sharedPoint(with: bob.publicKey).testBytes))
    }

    @Test("Masks are deterministic in seed and context and differ otherwise")
    func determinism() throws {
        let seed = try SymmetricKey()
        func mask(_ seed: SymmetricKey, _ label: String, _ count: Int = 1000) throws -> [UInt32] {
            var words = [UInt32](repeating: 0, count: count)
            try words.withUnsafeMutableBufferPointer { try Mask.expand(seed: seed, context: MaskContext(label), into: $0) }
            return words
        }
        #expect(try mask(seed, "round 1") == mask(seed, "round 1"))
        #expect(try mask(seed, "round 1") != mask(seed, "round 2"))
        #expect(try mask(seed, "round 1") != mask(SymmetricKey(), "round 1"))
        // A shorter expansion is a prefix of a longer one.
        #expect(try Array(mask(seed, "round 1", 5000).prefix(1000)) == mask(seed, "round 1"))
    }

    @Test("Adding then subtracting a mask restores the vector", arguments: [1, 15, 16, 17, 4095, 4096, 4097, 10_000])
    func roundTrip(count: Int) throws {
        let original = (0..<count).map { UInt32(truncatingIfNeeded: $0 &* 2_654_435_761) }
        var vector = original
        let seed = try SymmetricKey()
        let context = try MaskContext("r")
        try vector.withUnsafeMutableBufferPointer { try Mask.add(seed: seed, context: context, to: $0) }
        #expect(vector != original)
        try vector.withUnsafeMutableBufferPointer { try Mask.subtract(seed: seed, context: context, from: $0) }
        #expect(vector == original)
    }

    @Test("Streaming a mask into any sub-range equals expanding it and adding", arguments: [0, 1, 7, 16, 4093, 5000])
    func streamingMatchesExpansion(offset: Int) throws {
        let seed = try SymmetricKey()
        let context = try MaskContext("stream")
        let total = 12_000
        var expanded = [UInt32](repeating: 0, count: total)
        try expanded.withUnsafeMutableBufferPointer { try Mask.expand(seed: seed, context: context, into: $0) }
        var slice = [UInt32](repeating: 1, count: total - offset)
        try slice.withUnsafeMutableBufferPointer {
            try Mask.apply([Mask.Term(seed: seed, context: context, sign: .add)], to: $0, startingAtWord: offset)
        }
        #expect(slice == expanded[offset...].map { $0 &+ 1 })
    }

    @Test("Several terms applied in one pass equal applying them one by one")
    func multipleTerms() throws {
        let seeds = try (0..<4).map { _ in try SymmetricKey() }
        let context = try MaskContext("multi")
        let signs: [Mask.Sign] = [.add, .subtract, .add, .add]
        var together = [UInt32](repeating: 0, count: 9_999)
        var separately = together
        try together.withUnsafeMutableBufferPointer { vector in
            try Mask.apply(zip(seeds, signs).map { Mask.Term(seed: $0, context: context, sign: $1) }, to: vector)
        }
        for (seed, sign) in zip(seeds, signs) {
            try separately.withUnsafeMutableBufferPointer { vector in
                switch sign {
                case .add: try Mask.add(seed: seed, context: context, to: vector)
                case .subtract: try Mask.subtract(seed: seed, context: context, from: vector)
                }
            }
        }
        #expect(together == separately)
    }

    @Test("Vector addition wraps modulo 2^32 and refuses mismatched lengths")
    func vectorArithmetic() throws {
        var target: [UInt32] = [UInt32.max, 5, 0]
        try Mask.add([2, 1, 0], to: &target)
        #expect(target == [1, 6, 0])
        try Mask.subtract([2, 7, 1], from: &target)
        #expect(target == [UInt32.max, UInt32.max, UInt32.max])
        #expect(throws: CryptoError.self) { try Mask.add([1, 2], to: &target) }
    }
}
