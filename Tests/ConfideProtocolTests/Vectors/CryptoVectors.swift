@_spi(AttackDemonstration) @testable import ConfideAggregation
@testable import ConfideCrypto
import Testing

/// docs/test-vectors/crypto.json: the primitives of ConfideCrypto with Confide's own
/// framing, labels and layouts (docs/wire-format.md, "Primitives").
enum CryptoVectors {
    static func file() throws -> VectorFile {
        var file = VectorFile(name: "crypto", description: """
            Primitives (docs/wire-format.md): framed BLAKE2b, Ed25519 from a seed, the X25519 pairwise key \
            derivation, mask contexts and the PRG, Shamir over GF(2^8), XChaCha20-Poly1305 and sealed boxes, \
            each with Confide's labels and layouts
            """)
        try hashes(&file)
        try identity(&file)
        try pairwise(&file)
        try masks(&file)
        try shamir(&file)
        try encryption(&file)
        return file
    }

    /// `u32le(length) || bytes` for each field: what Confide's field hashes absorb.
    static func framed(_ fields: [[UInt8]]) -> [UInt8] {
        fields.flatMap { field in withUnsafeBytes(of: UInt32(field.count).littleEndian) { Array($0) } + field }
    }

    static func hashes(_ file: inout VectorFile) throws {
        let fields = [Array("confide.example.v1".utf8), [], [0x00, 0x01, 0x02]]
        let digest = try Digest.blake2b256(fields: fields)
        #expect(try Digest.blake2b256(framed(fields)) == digest)
        file.add("blake2b/fields", """
            BLAKE2b-256 (crypto_generichash, no key, 32-byte output) of length-prefixed fields: each field is its length \
            as a u32 little-endian, then its bytes
            """, inputs: ["fields": .array(fields.map { .hex($0) })], outputs: ["hashedBytes": .hex(framed(fields)), "digest": .hex(digest)])
        let message = Array("confide".utf8)
        file.add("blake2b/plain", "BLAKE2b-256 of raw bytes (no framing), as used for configuration digests and request bodies",
                 inputs: ["message": .hex(message)], outputs: ["digest": .hex(try Digest.blake2b256(message))])
    }

    static func identity(_ file: inout VectorFile) throws {
        let seed = fixed("identity seed")
        let key = try IdentityKey(seed: SecureBytes(copying: seed))
        let message = Array("confide signed message".utf8)
        let signature = try key.signature(for: message)
        #expect(key.publicKey.isValidSignature(signature, for: message))
        file.add("ed25519/from-seed", "An Ed25519 identity from its 32-byte seed (crypto_sign_seed_keypair) and a detached signature (crypto_sign_detached)",
                 inputs: ["seed": .hex(seed), "message": .hex(message)],
                 outputs: ["publicKey": .hex(key.publicKey.bytes), "signature": .hex(signature)])
    }

    static func pairwise(_ file: inout VectorFile) throws {
        let a = try AgreementKey(secret: SecureBytes(copying: fixed("x25519 secret a")))
        let b = try AgreementKey(secret: SecureBytes(copying: fixed("x25519 secret b")))
        let context = "confide.secagg.v1/share-encryption/round 7"
        let point = try a.sharedPoint(with: b.publicKey).vectorBytes
        let (low, high) = a.publicKey < b.publicKey ? (a.publicKey, b.publicKey) : (b.publicKey, a.publicKey)
        let hashed = framed([Array("confide.pairwise.v1".utf8), Array(context.utf8)]) + point + low.bytes + high.bytes
        let key = try a.pairwiseKey(with: b.publicKey, context: context).vectorBytes
        #expect(try b.pairwiseKey(with: a.publicKey, context: context).vectorBytes == key)
        #expect(try Digest.blake2b256(hashed) == key)
        file.add("x25519/pairwise-key", """
            AgreementKey.pairwiseKey: BLAKE2b-256 of field("confide.pairwise.v1") || field(context) || shared point || \
            lower public key || higher public key (the last three unframed; keys ordered as byte strings)
            """, inputs: ["secretA": .hex(a.secretBytes.vectorBytes), "secretB": .hex(b.secretBytes.vectorBytes), "context": .string(context)],
            outputs: [
                "publicA": .hex(a.publicKey.bytes), "publicB": .hex(b.publicKey.bytes), "sharedPoint": .hex(point),
                "hashedBytes": .hex(hashed), "key": .hex(key),
            ])
    }

    static func masks(_ file: inout VectorFile) throws {
        let label = "confide.secagg.v1/self-mask/round 7"
        let context = try MaskContext(label)
        let hashed = framed([Array("confide.mask.v1".utf8), Array(label.utf8)])
        file.add("mask/context", "MaskContext: the 24-byte XChaCha20 nonce is BLAKE2b with a 24-byte output (no key) of field(\"confide.mask.v1\") || field(label)",
                 inputs: ["label": .string(label)], outputs: ["hashedBytes": .hex(hashed), "nonce": .hex(context.nonce)])

        let seed = try SymmetricKey(bytes: fixed("mask seed"))
        var stream = [UInt32](repeating: 0, count: 40)
        try stream.withUnsafeMutableBufferPointer { try Mask.expand(seed: seed, context: context, into: $0) }
        let bytes = stream.prefix(16).flatMap { word in withUnsafeBytes(of: word.littleEndian) { Array($0) } }
        // Mask.apply on a range must give the same words as the full stream at those positions.
        var slice = [UInt32](repeating: 0, count: 10)
        try slice.withUnsafeMutableBufferPointer {
            try Mask.apply([Mask.Term(seed: seed, context: context, sign: .add)], to: $0, startingAtWord: 21)
        }
        #expect(slice == Array(stream[21..<31]))
        file.add("mask/prg", """
            The PRG: crypto_stream_xchacha20 keystream under the 32-byte seed and the context's nonce, read as little-endian \
            UInt32 words; word w is bytes 4w..4w+3, in ChaCha20 block w / 16 (block counter starting at 0)
            """, inputs: ["seed": .hex(seed.vectorBytes), "label": .string(label), "nonce": .hex(context.nonce)], outputs: [
                "keystreamFirst64Bytes": .hex(bytes), "words0to39": .words(stream), "words21to30": .words(slice),
            ])

        let vector: [UInt32] = [0, 1, 0xFFFF_FFFF, 0x8000_0000, 12345]
        let other = try SymmetricKey(bytes: fixed("mask seed 2"))
        var masked = vector
        try masked.withUnsafeMutableBufferPointer {
            try Mask.apply([Mask.Term(seed: seed, context: context, sign: .add), Mask.Term(seed: other, context: context, sign: .subtract)],
                           to: $0)
        }
        file.add("mask/apply", "Mask.apply: add the first seed's words and subtract the second's, word by word modulo 2^32", inputs: [
            "vector": .words(vector), "addSeed": .hex(seed.vectorBytes), "subtractSeed": .hex(other.vectorBytes), "label": .string(label),
        ], outputs: ["result": .words(masked)])

        let commitmentSeed = try SymmetricKey(bytes: fixed("self-mask seed"))
        file.add("self-mask-commitment", "ShareKeys' commitment: BLAKE2b-256 of field(\"confide.secagg.v1.self-mask-commitment\") || field(seed)",
                 inputs: ["seed": .hex(commitmentSeed.vectorBytes)], outputs: ["commitment": .hex(try ShareKeys.commitment(to: commitmentSeed))])
    }

    static func shamir(_ file: inout VectorFile) throws {
        let a: UInt8 = 0x57, b: UInt8 = 0x83
        file.add("gf256", "GF(2^8) with the AES polynomial x^8 + x^4 + x^3 + x + 1 (0x11b): a product and an inverse",
                 inputs: ["a": .int(a), "b": .int(b), "invert": 0x53],
                 outputs: ["product": .int(GF256.multiply(a, b)), "inverse": .int(GF256.inverse(0x53))])
        let secret = fixed("shamir secret")
        let threshold = 3
        let coefficients = fixed("shamir coefficients 1") + fixed("shamir coefficients 2")
        let shares = try Shamir.split(SecureBytes(copying: secret), threshold: threshold, count: 5,
                                      coefficients: SecureBytes(copying: coefficients))
        file.add("shamir/split", """
            Each secret byte s is shared with its own polynomial s + c1·x + c2·x^2 over GF(2^8); share x (1-based) is \
            index || threshold || the values at x of every byte's polynomial. coefficients[byte * (threshold − 1) + j] is \
            the coefficient of x^(j+1)
            """, inputs: ["secret": .hex(secret), "threshold": .int(threshold), "count": 5, "coefficients": .hex(coefficients)],
            outputs: ["shares": .array(shares.map { .hex($0.vectorBytes) })])
        let chosen = [shares[4], shares[1], shares[3]].map(\.vectorBytes)
        let rebuilt = try Shamir.combine(serialized: chosen).vectorBytes
        #expect(rebuilt == secret)
        file.add("shamir/combine", "Lagrange interpolation at 0 from any threshold of the shares, in any order",
                 inputs: ["shares": .array(chosen.map { .hex($0) })], outputs: ["secret": .hex(rebuilt)])
    }

    static func encryption(_ file: inout VectorFile) throws {
        let key = try SymmetricKey(bytes: fixed("aead key"))
        let nonce = fixed("aead nonce", count: 24)
        let ad = Array("confide associated data".utf8)
        let plaintext = Array("confide plaintext".utf8)
        let sealed = nonce + (try XChaCha20Poly1305.seal(plaintext, using: key, nonce: nonce, authenticating: ad))
        #expect(try XChaCha20Poly1305.open(sealed, using: key, authenticating: ad) == plaintext)
        file.add("xchacha20poly1305", """
            crypto_aead_xchacha20poly1305_ietf_encrypt; Confide's envelope is the 24-byte nonce (random when sealing for \
            real), then the ciphertext, then the 16-byte tag
            """, inputs: ["key": .hex(key.vectorBytes), "nonce": .hex(nonce), "associatedData": .hex(ad), "plaintext": .hex(plaintext)],
            outputs: ["sealed": .hex(sealed)])

        let recipient = try AgreementKey(secret: SecureBytes(copying: fixed("sealed box recipient")))
        let ephemeral = try AgreementKey(secret: SecureBytes(copying: fixed("sealed box ephemeral")))
        let box = try SealedBox.seal(plaintext, to: recipient.publicKey, ephemeral: ephemeral)
        #expect(try recipient.openSealedBox(box) == plaintext)
        let boxNonce = try Blake2b(outputByteCount: 24)
        boxNonce.update(ephemeral.publicKey.bytes + recipient.publicKey.bytes)
        file.add("sealed-box", """
            crypto_box_seal with a fixed ephemeral key (it is random for real): ephemeral public key || \
            crypto_box_easy(plaintext, nonce, recipient public key, ephemeral secret), nonce = BLAKE2b-192(ephemeral public || recipient public)
            """, inputs: [
                "recipientSecret": .hex(recipient.secretBytes.vectorBytes), "ephemeralSecret": .hex(ephemeral.secretBytes.vectorBytes),
                "plaintext": .hex(plaintext),
            ], outputs: [
                "recipientPublic": .hex(recipient.publicKey.bytes), "ephemeralPublic": .hex(ephemeral.publicKey.bytes),
                "nonce": .hex(try boxNonce.finalize()), "box": .hex(box),
            ])
    }
}
