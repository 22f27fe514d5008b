/// Keyed BLAKE2b: a pseudorandom function and MAC under a secret key of 16–64 bytes.
public struct KeyedHash: Sendable {
    private let key: SecureBytes

    /// Uses `key` (16 to 64 bytes) as the BLAKE2b key.
    public init(key: SecureBytes) throws {
        guard (Blake2b.minKeyByteCount...Blake2b.maxKeyByteCount).contains(key.count) else {
            throw CryptoError(.invalidLength, "BLAKE2b keys must be 16 to 64 bytes, got \(key.count)")
        }
        self.key = key
    }

    /// Uses a 32-byte symmetric key as the BLAKE2b key.
    public init(key: SymmetricKey) {
        self.key = key.secureBytes
    }

    /// The keyed digest of `message`, `outputByteCount` bytes long (16–64, default 32).
    public func hash(_ message: [UInt8], outputByteCount: Int = 32) throws -> [UInt8] {
        try key.withUnsafeBytes { key in
            let hasher = try Blake2b(key: key, outputByteCount: outputByteCount)
            hasher.update(message)
            return try hasher.finalize()
        }
    }

    /// The keyed digest of length-prefixed fields.
    public func hash(fields: [[UInt8]], outputByteCount: Int = 32) throws -> [UInt8] {
        try key.withUnsafeBytes { key in
            let hasher = try Blake2b(key: key, outputByteCount: outputByteCount)
            for field in fields { hasher.updateField(field) }
            return try hasher.finalize()
        }
    }
}
