import CSodium

/// Anonymous public-key encryption (`crypto_box_seal`): anyone can seal a message to an
/// X25519 public key; only the holder of the private key can open it, and tampering is
/// detected.
public enum SealedBox {
    /// How many bytes sealing adds to a message (an ephemeral public key and a tag).
    public static var overhead: Int { crypto_box_sealbytes() }

    /// Seals `plaintext` to `recipient`.
    public static func seal(_ plaintext: [UInt8], to recipient: AgreementPublicKey) throws -> [UInt8] {
        try Sodium.ensureInitialized()
        var box = [UInt8](repeating: 0, count: plaintext.count + overhead)
        let rc = plaintext.withUnsafeBufferPointer { message in
            crypto_box_seal(&box, message.baseAddress ?? emptyByte, UInt64(message.count), recipient.bytes)
        }
        guard rc == 0 else { throw CryptoError.library("crypto_box_seal") }
        return box
    }

    /// Seals with a caller-chosen ephemeral key, byte for byte what `crypto_box_seal` does
    /// with a random one: `epk || crypto_box_easy(m, nonce, pk, esk)` where the nonce is the
    /// 24-byte unkeyed BLAKE2b of `epk || pk`.
    /// Internal: an ephemeral key used twice links the two boxes, so only known-answer tests use it.
    static func seal(_ plaintext: [UInt8], to recipient: AgreementPublicKey, ephemeral: AgreementKey) throws -> [UInt8] {
        let hasher = try Blake2b(outputByteCount: Int(crypto_box_NONCEBYTES))
        hasher.update(ephemeral.publicKey.bytes)
        hasher.update(recipient.bytes)
        let nonce = try hasher.finalize()
        var box = [UInt8](repeating: 0, count: plaintext.count + Int(crypto_box_MACBYTES))
        let rc = ephemeral.secretBytes.withUnsafeBytes { secret in
            plaintext.withUnsafeBufferPointer { message in
                crypto_box_easy(&box, message.baseAddress ?? emptyByte, UInt64(message.count), nonce, recipient.bytes,
                                secret.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        guard rc == 0 else { throw CryptoError.library("crypto_box_easy") }
        return ephemeral.publicKey.bytes + box
    }

    static func open(_ box: [UInt8], with secret: SecureBytes, publicKey: AgreementPublicKey) throws -> [UInt8] {
        guard box.count >= overhead else {
            throw CryptoError(.invalidLength, "a sealed box is at least \(overhead) bytes, got \(box.count)")
        }
        var plaintext = [UInt8](repeating: 0, count: box.count - overhead)
        let rc = secret.withUnsafeBytes { secret in
            plaintext.withUnsafeMutableBufferPointer { output in
                crypto_box_seal_open(output.baseAddress ?? UnsafeMutablePointer(mutating: emptyByte), box,
                                     UInt64(box.count), publicKey.bytes,
                                     secret.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        guard rc == 0 else {
            throw CryptoError(.authenticationFailed, "the sealed box was not sealed to this key or was altered")
        }
        return plaintext
    }
}
