/// Encrypts data keys under a master key ("key wrapping"), for per-subject keys.
///
/// A wrapped key is an XChaCha20-Poly1305 message whose associated data binds the key's
/// identifier, so a wrapped key moved to another identifier fails to unwrap. Destroying
/// a wrapped key (and every copy of the master key being safe) makes everything
/// encrypted under the data key unreadable: crypto-shredding.
public struct KeyWrapper: Sendable {
    private let masterKey: SymmetricKey

    /// Wraps and unwraps under `masterKey`.
    public init(masterKey: SymmetricKey) {
        self.masterKey = masterKey
    }

    /// The byte length of every wrapped key.
    public static var wrappedByteCount: Int { SymmetricKey.byteCount + XChaCha20Poly1305.overhead }

    /// Encrypts `dataKey` for storage under the identifier `keyID`.
    public func wrap(_ dataKey: SymmetricKey, keyID: String) throws -> [UInt8] {
        var plain = dataKey.withUnsafeBytes { Array($0) }
        defer { plain.withUnsafeMutableBytes { SecureBytes.zero($0) } }
        return try XChaCha20Poly1305.seal(plain, using: masterKey, authenticating: Self.associatedData(keyID))
    }

    /// Recovers the data key stored under `keyID`.
    public func unwrap(_ wrapped: [UInt8], keyID: String) throws -> SymmetricKey {
        guard wrapped.count == Self.wrappedByteCount else {
            throw CryptoError.length("a wrapped key", expected: Self.wrappedByteCount, got: wrapped.count)
        }
        var plain = try XChaCha20Poly1305.open(wrapped, using: masterKey, authenticating: Self.associatedData(keyID))
        return try SymmetricKey(SecureBytes(zeroingSource: &plain))
    }

    private static func associatedData(_ keyID: String) -> [UInt8] {
        Array("confide.keywrap.v1:".utf8) + Array(keyID.utf8)
    }
}
