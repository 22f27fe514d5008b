import Testing
@testable import ConfideCrypto

@Suite("Tampering is detected")
struct TamperingTests {
    @Test("A flipped bit anywhere in a sealed box is rejected")
    func sealedBox() throws {
        let recipient = try AgreementKey()
        let message = Array("masked update".utf8)
        let box = try SealedBox.seal(message, to: recipient.publicKey)
        #expect(try recipient.openSealedBox(box) == message)
        for index in [0, 31, 32, 47, box.count - 1] {
            #expect(throws: CryptoError.self) { try recipient.openSealedBox(flipped(box, at: index)) }
        }
        #expect(throws: CryptoError.self) { try AgreementKey().openSealedBox(box) }
        #expect(throws: CryptoError.self) { try recipient.openSealedBox(Array(box.prefix(10))) }
    }

    @Test("AEAD rejects changes to nonce, ciphertext, tag or associated data")
    func aead() throws {
        let key = try SymmetricKey()
        let ad = Array("round 3 | from 1 | to 2".utf8)
        let sealed = try XChaCha20Poly1305.seal(Array("share".utf8), using: key, authenticating: ad)
        let nonceIndex = 0
        let ciphertextIndex = XChaCha20Poly1305.nonceByteCount
        let tagIndex = sealed.count - 1
        for index in [nonceIndex, ciphertextIndex, tagIndex] {
            let error = #expect(throws: CryptoError.self) {
                try XChaCha20Poly1305.open(flipped(sealed, at: index), using: key, authenticating: ad)
            }
            #expect(error?.kind == .authenticationFailed)
        }
        #expect(throws: CryptoError.self) {
            try XChaCha20Poly1305.open(sealed, using: key, authenticating: flipped(ad, at: 6))
        }
        #expect(throws: CryptoError.self) { try XChaCha20Poly1305.open(sealed, using: SymmetricKey(), authenticating: ad) }
        #expect(try XChaCha20Poly1305.open(sealed, using: key, authenticating: ad) == Array("share".utf8))
    }

    @Test("Two seals of one message differ (fresh random nonces)")
    func freshNonces() throws {
        let key = try SymmetricKey()
        #expect(try XChaCha20Poly1305.seal([1, 2, 3], using: key) != XChaCha20Poly1305.seal([1, 2, 3], using: key))
    }

    @Test("A signature fails for a changed message, another key, or a changed signature")
    func signatures() throws {
        let key = try IdentityKey()
        let message = Array("advertise keys, round 9".utf8)
        let signature = try key.signature(for: message)
        #expect(key.publicKey.isValidSignature(signature, for: message))
        #expect(!key.publicKey.isValidSignature(signature, for: flipped(message, at: 3)))
        #expect(!key.publicKey.isValidSignature(flipped(signature, at: 10), for: message))
        #expect(try !IdentityKey().publicKey.isValidSignature(signature, for: message))
        #expect(!key.publicKey.isValidSignature(Array(signature.prefix(63)), for: message))
        #expect(throws: CryptoError.self) { try key.publicKey.verify(signature, for: []) }
    }

    @Test("Wrong lengths are refused before any call into libsodium")
    func lengths() throws {
        #expect(throws: CryptoError.self) { try IdentityPublicKey(bytes: [1, 2, 3]) }
        #expect(throws: CryptoError.self) { try AgreementPublicKey(bytes: Array(repeating: 1, count: 33)) }
        #expect(throws: CryptoError.self) { try SymmetricKey(bytes: Array(repeating: 1, count: 31)) }
        #expect(throws: CryptoError.self) { try IdentityKey(seed: SecureBytes.random(count: 16)) }
        #expect(throws: CryptoError.self) { try KeyedHash(key: SecureBytes.random(count: 8)) }
    }

    @Test("A low-order X25519 public key is refused")
    func lowOrderPoint() throws {
        let zero = try AgreementPublicKey(bytes: Array(repeating: 0, count: 32))
        let error = #expect(throws: CryptoError.self) { try AgreementKey().pairwiseKey(with: zero, context: "mask") }
        #expect(error?.kind == .invalidPublicKey)
    }
}
