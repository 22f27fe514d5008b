import CSodium

/// Direct calls to libsodium primitives with no Confide logic around them, so
/// `confide-bench` can report our APIs as ratios to the raw library in the same run.
public enum BenchmarkBaselines {
    /// Fills `buffer` with the raw `crypto_stream_xchacha20` keystream under `key` and an all-zero nonce.
    public static func xchacha20Keystream(key: SymmetricKey, into buffer: UnsafeMutableRawBufferPointer) throws {
        try Sodium.ensureInitialized()
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        let nonce = [UInt8](repeating: 0, count: XChaCha20Poly1305.nonceByteCount)
        let rc = key.withUnsafeBytes { key in
            crypto_stream_xchacha20(base.assumingMemoryBound(to: UInt8.self), UInt64(buffer.count), nonce,
                                    key.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        guard rc == 0 else { throw CryptoError.library("crypto_stream_xchacha20") }
    }

    /// One raw X25519 scalar multiplication of `key` with `peer` (no hashing).
    public static func x25519(_ key: AgreementKey, _ peer: AgreementPublicKey) throws {
        _ = try key.sharedPoint(with: peer)
    }
}
