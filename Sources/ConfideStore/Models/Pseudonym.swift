/// A subject's keyed pseudonym: how the store names a data subject everywhere.
///
/// It is the keyed BLAKE2b digest of the subject's identifier under the store's pepper (see
/// `Pseudonymizer`), 32 lowercase hex characters. Without the pepper it links to nobody.
public struct Pseudonym: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The 32 hex characters.
    public let value: String

    /// Accepts an existing pseudonym (for example read back from an export).
    public init(_ value: String) throws(StoreError) {
        guard value.count == 32, value.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || ("a"..."f").contains($0) }) else {
            throw StoreError(.invalidArgument, "a pseudonym is 32 lowercase hex characters")
        }
        self.value = value
    }

    init(unchecked value: String) {
        self.value = value
    }

    /// Decodes the pseudonym from a JSON string.
    public init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes the pseudonym as a JSON string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    /// Orders pseudonyms by their text.
    public static func < (lhs: Pseudonym, rhs: Pseudonym) -> Bool { lhs.value < rhs.value }

    /// The pseudonym itself (not personal without the pepper, safe to log).
    public var description: String { value }
}
