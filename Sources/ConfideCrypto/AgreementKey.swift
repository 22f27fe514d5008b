import CSodium

/// An X25519 public key, advertised to peers for key agreement or used to seal boxes.
public struct AgreementPublicKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Length of an X25519 public key in bytes.
    public static let byteCount = Int(crypto_scalarmult_BYTES)

    /// The 32 public key bytes.
    public let bytes: [UInt8]

    /// Accepts 32 public key bytes.
    public init(bytes: [UInt8]) throws {
        try Sodium.ensureInitialized()
        guard bytes.count == Self.byteCount else {
            throw CryptoError.length("an X25519 public key", expected: Self.byteCount, got: bytes.count)
        }
        self.bytes = bytes
    }

    /// Lexicographic order of the key bytes; fixes the order of the two keys in a
    /// pairwise derivation so both peers hash the same input.
    public static func < (lhs: AgreementPublicKey, rhs: AgreementPublicKey) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }

    /// Hex of the key bytes (public, safe to log).
    public var description: String { Hex.encode(bytes) }
}

/// An X25519 private key: agrees pairwise secrets with peers and opens sealed boxes.
public struct AgreementKey: Sendable {
    /// Length of an X25519 secret scalar in bytes.
    public static let secretByteCount = Int(crypto_scalarmult_SCALARBYTES)

    private let secret: SecureBytes
    /// The public half, to advertise.
    public let publicKey: AgreementPublicKey

    /// A fresh random key pair.
    public init() throws {
        try self.init(secret: SecureBytes.random(count: Self.secretByteCount))
    }

    /// The key pair whose secret scalar is `secret` (32 bytes).
    public init(secret: SecureBytes) throws {
        guard secret.count == Self.secretByteCount else {
            throw CryptoError.length("an X25519 secret key", expected: Self.secretByteCount, got: secret.count)
        }
        var publicBytes = [UInt8](repeating: 0, count: AgreementPublicKey.byteCount)
        let rc = secret.withUnsafeBytes { secret in
            crypto_scalarmult_base(&publicBytes, secret.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        guard rc == 0 else { throw CryptoError.library("crypto_scalarmult_base") }
        self.secret = secret
        publicKey = try AgreementPublicKey(bytes: publicBytes)
    }

    /// The secret scalar, for persisting or secret-sharing the key.
    public var secretBytes: SecureBytes { secret }

    /// The raw X25519 shared point with `peer` (RFC 7748). Never use it as a key directly:
    /// ``pairwiseKey(with:context:)`` hashes it with both public keys.
    func sharedPoint(with peer: AgreementPublicKey) throws -> SecureBytes {
        try SecureBytes(count: Int(crypto_scalarmult_BYTES)) { point in
            let rc = secret.withUnsafeBytes { secret in
                crypto_scalarmult(point.baseAddress!.assumingMemoryBound(to: UInt8.self),
                                  secret.baseAddress!.assumingMemoryBound(to: UInt8.self), peer.bytes)
            }
            // libsodium returns -1 when the result is the all-zero point (a low-order peer key).
            guard rc == 0 else {
                throw CryptoError(.invalidPublicKey, "the peer's X25519 public key is a low-order point")
            }
        }
    }

    /// The 32-byte secret both peers derive: BLAKE2b over a context string, the shared
    /// point and both public keys in ascending order.
    ///
    /// Different contexts give independent keys, so the keys that mask vectors and the
    /// keys that encrypt secret shares never coincide even between the same two peers.
    public func pairwiseKey(with peer: AgreementPublicKey, context: String) throws -> SymmetricKey {
        let point = try sharedPoint(with: peer)
        let (low, high) = publicKey < peer ? (publicKey, peer) : (peer, publicKey)
        let derived = try SecureBytes(count: SymmetricKey.byteCount) { output in
            let hasher = try Blake2b(outputByteCount: SymmetricKey.byteCount)
            hasher.updateField(Array("confide.pairwise.v1".utf8))
            hasher.updateField(Array(context.utf8))
            point.withUnsafeBytes { hasher.update($0) }
            hasher.update(low.bytes)
            hasher.update(high.bytes)
            try hasher.finalize(into: output)
        }
        return try SymmetricKey(derived)
    }

    /// Opens a box sealed to this key's public half with ``SealedBox/seal(_:to:)``.
    public func openSealedBox(_ box: [UInt8]) throws -> [UInt8] {
        try SealedBox.open(box, with: secret, publicKey: publicKey)
    }
}
