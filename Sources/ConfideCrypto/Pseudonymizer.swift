/// Maps identifiers to stable pseudonyms under a secret key (the "pepper").
///
/// A pseudonym is the keyed BLAKE2b digest of a domain and the identifier, 128 bits
/// written as 32 lowercase hex characters. The same identifier always yields the same
/// pseudonym under the same key and domain; without the key, pseudonyms cannot be
/// linked back to identifiers, even by trying every plausible identifier.
public struct Pseudonymizer: Sendable {
    /// The length of a pseudonym in hex characters.
    public static let pseudonymLength = 32

    private let prf: KeyedHash

    /// Creates a pseudonymizer with a 32-byte secret key.
    public init(key: SymmetricKey) {
        prf = KeyedHash(key: key)
    }

    /// The pseudonym of `identifier` in `domain`.
    ///
    /// Domains separate kinds of identifiers: the same string pseudonymized as a
    /// `subject` and as an `email` gives unrelated values.
    public func pseudonym(for identifier: String, domain: String = "subject") throws -> String {
        let digest = try prf.hash(fields: [Array("confide.pseudonym.v1".utf8), Array(domain.utf8), Array(identifier.utf8)],
                                  outputByteCount: 16)
        return Hex.encode(digest)
    }
}
