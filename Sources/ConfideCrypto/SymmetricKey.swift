import CSodium

/// A 256-bit secret key (AEAD keys, mask seeds, pairwise secrets, pseudonym peppers).
public struct SymmetricKey: Sendable, CustomStringConvertible {
    /// The size of every symmetric key, in bytes.
    public static let byteCount = 32

    let storage: SecureBytes

    /// A fresh random key from libsodium's CSPRNG.
    public init() throws {
        storage = try SecureBytes.random(count: Self.byteCount)
    }

    /// Wraps existing secure bytes, which must be exactly 32 bytes long.
    public init(_ bytes: SecureBytes) throws {
        guard bytes.count == Self.byteCount else {
            throw CryptoError.length("a symmetric key", expected: Self.byteCount, got: bytes.count)
        }
        storage = bytes
    }

    /// Copies 32 key bytes (for example read from a key file) into secure memory.
    public init(bytes: [UInt8]) throws {
        guard bytes.count == Self.byteCount else {
            throw CryptoError.length("a symmetric key", expected: Self.byteCount, got: bytes.count)
        }
        storage = try SecureBytes(copying: bytes)
    }

    /// Calls `body` with the 32 key bytes; do not let the pointer escape.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try storage.withUnsafeBytes(body)
    }

    /// The key as secure bytes, for storage or secret sharing.
    public var secureBytes: SecureBytes { storage }

    /// Constant-time comparison.
    public func constantTimeEquals(_ other: SymmetricKey) -> Bool {
        storage.constantTimeEquals(other.storage)
    }

    /// Redacted.
    public var description: String { "SymmetricKey(redacted)" }
}
