import CSodium

/// An Ed25519 public key: verifies signatures made by an ``IdentityKey``.
public struct IdentityPublicKey: Hashable, Sendable, CustomStringConvertible {
    /// Length of an Ed25519 public key in bytes.
    public static let byteCount = Int(crypto_sign_PUBLICKEYBYTES)
    /// Length of a detached Ed25519 signature in bytes.
    public static let signatureByteCount = Int(crypto_sign_BYTES)

    /// The 32 public key bytes.
    public let bytes: [UInt8]

    /// Accepts 32 public key bytes (received from a peer or read from storage).
    public init(bytes: [UInt8]) throws {
        try Sodium.ensureInitialized()
        guard bytes.count == Self.byteCount else {
            throw CryptoError.length("an Ed25519 public key", expected: Self.byteCount, got: bytes.count)
        }
        self.bytes = bytes
    }

    /// Whether `signature` is a valid signature of `message` under this key.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard signature.count == Self.signatureByteCount else { return false }
        return message.withUnsafeBufferPointer { message in
            crypto_sign_verify_detached(signature, message.baseAddress ?? emptyByte, UInt64(message.count), bytes) == 0
        }
    }

    /// Throws ``CryptoError/Kind/verificationFailed`` unless `signature` is valid for `message`.
    public func verify(_ signature: [UInt8], for message: [UInt8]) throws {
        guard isValidSignature(signature, for: message) else {
            throw CryptoError(.verificationFailed, "the Ed25519 signature does not match the message and key")
        }
    }

    /// Hex of the key bytes (public, safe to log).
    public var description: String { Hex.encode(bytes) }
}

/// An Ed25519 signing key: the long-term identity of a device or of the coordinator.
public struct IdentityKey: Sendable {
    /// Length of the seed an identity key is derived from.
    public static let seedByteCount = Int(crypto_sign_SEEDBYTES)

    // libsodium's 64-byte secret key: the seed followed by the public key.
    private let secretKey: SecureBytes
    /// The public half, to hand to verifiers.
    public let publicKey: IdentityPublicKey

    /// A fresh random identity key.
    public init() throws {
        try self.init(seed: SecureBytes.random(count: Self.seedByteCount))
    }

    /// The identity key derived from a 32-byte seed (RFC 8032's private key).
    public init(seed: SecureBytes) throws {
        guard seed.count == Self.seedByteCount else {
            throw CryptoError.length("an Ed25519 seed", expected: Self.seedByteCount, got: seed.count)
        }
        var publicBytes = [UInt8](repeating: 0, count: IdentityPublicKey.byteCount)
        secretKey = try SecureBytes(count: Int(crypto_sign_SECRETKEYBYTES)) { secret in
            let rc = seed.withUnsafeBytes { seed in
                crypto_sign_seed_keypair(&publicBytes, secret.baseAddress!.assumingMemoryBound(to: UInt8.self),
                                         seed.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
            guard rc == 0 else { throw CryptoError.library("crypto_sign_seed_keypair") }
        }
        publicKey = try IdentityPublicKey(bytes: publicBytes)
    }

    /// A detached 64-byte signature of `message`.
    public func signature(for message: [UInt8]) throws -> [UInt8] {
        var signature = [UInt8](repeating: 0, count: IdentityPublicKey.signatureByteCount)
        let rc = secretKey.withUnsafeBytes { secret in
            message.withUnsafeBufferPointer { message in
                crypto_sign_detached(&signature, nil, message.baseAddress ?? emptyByte, UInt64(message.count),
                                     secret.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        guard rc == 0 else { throw CryptoError.library("crypto_sign_detached") }
        return signature
    }

    /// The 32-byte seed, for persisting the key; it is as secret as the key itself.
    public func seed() throws -> SecureBytes {
        try SecureBytes(count: Self.seedByteCount) { seed in
            let rc = secretKey.withUnsafeBytes { secret in
                crypto_sign_ed25519_sk_to_seed(seed.baseAddress!.assumingMemoryBound(to: UInt8.self),
                                               secret.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
            guard rc == 0 else { throw CryptoError.library("crypto_sign_ed25519_sk_to_seed") }
        }
    }
}

