/// A kind of personal data that the free-text scanner detects.
public enum PIIKind: String, CaseIterable, Hashable, Sendable, Codable {
    /// An e-mail address.
    case email
    /// A phone number in international (`+44 …`, `0044 …`) or national (`020 …`, `(555) …`) format.
    case phone
    /// A payment card number: a known issuer prefix and length, and a valid Luhn checksum.
    case card
    /// An IBAN whose length matches its country and whose mod-97 checksum is valid.
    case iban
    /// An IPv4 address in dotted-quad notation.
    case ipv4
    /// An IPv6 address in full or compressed notation.
    case ipv6

    /// The typed placeholder that replaces a detected value, such as `[EMAIL]`.
    public var placeholder: String { "[\(rawValue.uppercased())]" }
}
