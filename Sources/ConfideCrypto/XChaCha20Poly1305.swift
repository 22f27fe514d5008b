import CSodium

/// Authenticated encryption with associated data: XChaCha20-Poly1305 (IETF construction).
///
/// Every seal draws a fresh random 192-bit nonce, which is long enough that random
/// nonces never repeat in practice; the nonce is prepended to the ciphertext so callers
/// never handle it. Associated data is authenticated but not encrypted: bind the context
/// (round, sender, recipient) there so a ciphertext cannot be replayed elsewhere.
public enum XChaCha20Poly1305 {
    /// Nonce length in bytes.
    public static let nonceByteCount = Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
    /// Authentication tag length in bytes.
    public static var tagByteCount: Int { crypto_aead_xchacha20poly1305_ietf_abytes() }
    /// Bytes a sealed message adds to its plaintext (nonce and tag).
    public static var overhead: Int { nonceByteCount + tagByteCount }

    /// Encrypts and authenticates `plaintext`, returning `nonce || ciphertext || tag`.
    public static func seal(_ plaintext: [UInt8], using key: SymmetricKey,
                            authenticating associatedData: [UInt8] = []) throws -> [UInt8] {
        let nonce = try SecureRandom.bytes(count: nonceByteCount)
        return try nonce + seal(plaintext, using: key, nonce: nonce, authenticating: associatedData)
    }

    /// Encrypts with a caller-chosen nonce, returning `ciphertext || tag` without the nonce.
    /// Internal: reusing a nonce under one key is catastrophic, so only known-answer tests use it.
    static func seal(_ plaintext: [UInt8], using key: SymmetricKey, nonce: [UInt8],
                     authenticating associatedData: [UInt8]) throws -> [UInt8] {
        guard nonce.count == nonceByteCount else {
            throw CryptoError.length("an XChaCha20-Poly1305 nonce", expected: nonceByteCount, got: nonce.count)
        }
        var output = [UInt8](repeating: 0, count: plaintext.count + tagByteCount)
        var written: UInt64 = 0
        let rc = key.withUnsafeBytes { key in
            plaintext.withUnsafeBufferPointer { message in
                associatedData.withUnsafeBufferPointer { ad in
                    crypto_aead_xchacha20poly1305_ietf_encrypt(
                        &output, &written, message.baseAddress ?? emptyByte, UInt64(message.count),
                        ad.baseAddress, UInt64(ad.count), nil, nonce,
                        key.baseAddress!.assumingMemoryBound(to: UInt8.self))
                }
            }
        }
        guard rc == 0, Int(written) == output.count else {
            throw CryptoError.library("crypto_aead_xchacha20poly1305_ietf_encrypt")
        }
        return output
    }

    /// Verifies and decrypts `nonce || ciphertext || tag`; throws
    /// ``CryptoError/Kind/authenticationFailed`` if the key, the associated data or any
    /// byte of the message is wrong.
    public static func open(_ sealed: [UInt8], using key: SymmetricKey,
                            authenticating associatedData: [UInt8] = []) throws -> [UInt8] {
        guard sealed.count >= overhead else {
            throw CryptoError(.invalidLength, "an XChaCha20-Poly1305 message is at least \(overhead) bytes, got \(sealed.count)")
        }
        var output = [UInt8](repeating: 0, count: sealed.count - overhead)
        var written: UInt64 = 0
        let rc = key.withUnsafeBytes { key in
            sealed.withUnsafeBufferPointer { sealed in
                associatedData.withUnsafeBufferPointer { ad in
                    output.withUnsafeMutableBufferPointer { out in
                        crypto_aead_xchacha20poly1305_ietf_decrypt(
                            out.baseAddress ?? UnsafeMutablePointer(mutating: emptyByte), &written, nil,
                            sealed.baseAddress! + nonceByteCount, UInt64(sealed.count - nonceByteCount),
                            ad.baseAddress, UInt64(ad.count), sealed.baseAddress!,
                            key.baseAddress!.assumingMemoryBound(to: UInt8.self))
                    }
                }
            }
        }
        guard rc == 0 else {
            throw CryptoError(.authenticationFailed, "decryption failed: wrong key or associated data, or the message was altered")
        }
        return output
    }
}
