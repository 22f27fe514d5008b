import Testing
@testable import ConfideCrypto

@Suite("Known-answer vectors")
struct KnownAnswerTests {
    @Test("Ed25519: RFC 8032 section 7.1, test 1")
    func ed25519() throws {
        let key = try IdentityKey(seed: SecureBytes(copying: hex(
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")))
        #expect(key.publicKey.bytes == hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"))
        let signature = try key.signature(for: [])
        #expect(signature == hex("""
            e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46b\
            d25bf5f0595bbe24655141438e7a100b
            """))
        #expect(key.publicKey.isValidSignature(signature, for: []))
        #expect(try key.seed().testBytes == hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"))
    }

    @Test("X25519: RFC 7748 section 6.1")
    func x25519() throws {
        let alice = try AgreementKey(secret: SecureBytes(copying: hex(
            "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")))
        let bob = try AgreementKey(secret: SecureBytes(copying: hex(
            "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb")))
        #expect(alice.publicKey.bytes == hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"))
        #expect(bob.publicKey.bytes == hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"))
        let shared = hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742")
        #expect(try alice.sharedPoint(with: bob.publicKey).testBytes == shared)
        #expect(try bob.sharedPoint(with: alice.publicKey).testBytes == shared)
    }

    @Test("XChaCha20-Poly1305: draft-irtf-cfrg-xchacha appendix A.3")
    func xchacha20Poly1305() throws {
        let key = try SymmetricKey(bytes: hex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"))
        let nonce = hex("404142434445464748494a4b4c4d4e4f5051525354555657")
        let ad = hex("50515253c0c1c2c3c4c5c6c7")
        let plaintext = Array("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.".utf8)
        let expected = hex("""
            bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39\
            ae64c6708c54c216cb96b72e1213b4522f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9\
            21f9664c97637da9768812f615c68b13b52e
            """) + hex("c0875924c1c7987947deafd8780acf49")
        let sealed = try XChaCha20Poly1305.seal(plaintext, using: key, nonce: nonce, authenticating: ad)
        #expect(sealed == expected)
        #expect(try XChaCha20Poly1305.open(nonce + sealed, using: key, authenticating: ad) == plaintext)
    }

    @Test("Keyed BLAKE2b: reference vectors (blake2b-kat.txt)", arguments: [
        (0, "10ebb67700b1868efb4417987acf4690ae9d972fb7a590c2f02871799aaa4786b5e996e8f0f4eb981fc214b005f42d2ff4233499391653df7aefcbc13fc51568"),
        (255, "142709d62e28fcccd0af97fad0f8465b971e82201dc51070faa0372aa43e92484be1c1e73ba10906d5d1853db6a4106e0a7bf9800d373d6dee2d46d62ef2a461"),
    ])
    func keyedBlake2b(inputLength: Int, expected: String) throws {
        let hash = try KeyedHash(key: SecureBytes(copying: (0..<64).map { UInt8($0) }))
        let message = (0..<inputLength).map { UInt8($0) }
        #expect(try hash.hash(message, outputByteCount: 64) == hex(expected))
    }
}
