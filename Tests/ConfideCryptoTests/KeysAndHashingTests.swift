import Testing
@testable import ConfideCrypto

@Suite("Pseudonyms, key wrapping, secure bytes")
struct KeysAndHashingTests {
    @Test("Pseudonyms are stable per key and domain, and differ across keys and domains")
    func pseudonyms() throws {
        let key = try SymmetricKey()
        let pseudonymizer = Pseudonymizer(key: key)
        let first = try pseudonymizer.pseudonym(for: "user-42")
        #expect(first == (try Pseudonymizer(key: key).pseudonym(for: "user-42")))
        #expect(first.count == Pseudonymizer.pseudonymLength)
        #expect(first != (try pseudonymizer.pseudonym(for: "user-43")))
        #expect(first != (try pseudonymizer.pseudonym(for: "user-42", domain: "device")))
        #expect(first != (try Pseudonymizer(key: SymmetricKey()).pseudonym(for: "user-42")))
        // Only hex digits: nothing of the identifier shows through.
        #expect(first.allSatisfy { $0.isHexDigit && !$0.isUppercase })
    }

    @Test("A wrapped key unwraps only under its master key and identifier")
    func keyWrapping() throws {
        let master = KeyWrapper(masterKey: try SymmetricKey())
        let dataKey = try SymmetricKey()
        let wrapped = try master.wrap(dataKey, keyID: "subject-a")
        #expect(wrapped.count == KeyWrapper.wrappedByteCount)
        #expect(try master.unwrap(wrapped, keyID: "subject-a").constantTimeEquals(dataKey))
        #expect(throws: CryptoError.self) { try master.unwrap(wrapped, keyID: "subject-b") }
        #expect(throws: CryptoError.self) { try KeyWrapper(masterKey: SymmetricKey()).unwrap(wrapped, keyID: "subject-a") }
        #expect(throws: CryptoError.self) { try master.unwrap(flipped(wrapped, at: 30), keyID: "subject-a") }
    }

    @Test("Secure bytes are redacted in descriptions and moving a source zeroes it")
    func secureBytes() throws {
        var source: [UInt8] = [9, 8, 7, 6]
        let secret = try SecureBytes(zeroingSource: &source)
        #expect(source == [0, 0, 0, 0])
        #expect(secret.testBytes == [9, 8, 7, 6])
        #expect(!"\(secret)".contains("9"))
        #expect(!"\(try SymmetricKey())".contains("0x"))
        #expect(try secret.constantTimeEquals(SecureBytes(copying: [9, 8, 7, 6])))
        #expect(try !secret.constantTimeEquals(SecureBytes(copying: [9, 8, 7, 5])))
        #expect(throws: CryptoError.self) { try SecureBytes(count: 0) { _ in } }
    }

    @Test("Hex round-trips and rejects bad input")
    func hexCoding() throws {
        #expect(Hex.encode([0x00, 0xAB, 0xFF]) == "00abff")
        #expect(try Hex.decode("00ABff") == [0x00, 0xAB, 0xFF])
        #expect(throws: CryptoError.self) { try Hex.decode("abc") }
        #expect(throws: CryptoError.self) { try Hex.decode("zz") }
    }

    @Test("Constant-time equality of tokens")
    func constantTime() {
        #expect(ConstantTime.equals(Array("token".utf8), Array("token".utf8)))
        #expect(!ConstantTime.equals(Array("token".utf8), Array("tokem".utf8)))
        #expect(!ConstantTime.equals(Array("token".utf8), Array("token2".utf8)))
    }

    @Test("Digests separate fields")
    func digests() throws {
        #expect(try Digest.blake2b256(fields: [Array("ab".utf8), Array("c".utf8)])
            != Digest.blake2b256(fields: [Array("a".utf8), Array("bc".utf8)]))
        #expect(try Digest.blake2b256([1, 2]).count == 32)
    }
}

@Suite("Secure memory arena")
struct SecureArenaTests {
    @Test("Buffers of every size keep their own contents, across size classes and reuse")
    func contents() throws {
        var buffers: [(SecureBytes, [UInt8])] = []
        for round in 0..<3 {
            for size in [1, 31, 32, 33, 64, 100, 128, 255, 1_000, 2_048, 4_096, 4_097, 10_000] {
                let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ size &+ round) }
                buffers.append((try SecureBytes(copying: bytes), bytes))
            }
            // Release half, so later buffers reuse their slots.
            buffers.removeFirst(buffers.count / 2)
        }
        for (buffer, expected) in buffers { #expect(buffer.testBytes == expected) }
    }

    @Test("A slot handed out again starts zeroed")
    func reuseIsZeroed() throws {
        _ = try SecureBytes(copying: [UInt8](repeating: 0xAB, count: 48))
        let reused = try SecureBytes(count: 48) { _ in }
        #expect(reused.testBytes == [UInt8](repeating: 0, count: 48))
    }
}
