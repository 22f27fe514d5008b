/// A kind of personal data that the free-text scanner detects.
public enum PIIKind: String, CaseIterable, Hashable, Sendable, Codable {
    /// An e-mail address.
    case email
    /// A phone number valid in libphonenumber's numbering plans, international (`+44 …`,
    /// `0044 …`, `(+49) …`) or national (`020 …`, `0151/…`, `347 …`, `(415) …`).
    case phone
    /// A payment card number: a known issuer prefix and length, and a valid Luhn checksum.
    case card
    /// An IBAN whose length matches its country and whose mod-97 checksum is valid.
    case iban
    /// An IPv4 address in dotted-quad notation, not a version or section number.
    case ipv4
    /// An IPv6 address in full or compressed notation.
    case ipv6

    /// The typed placeholder that replaces a detected value, such as `[EMAIL]`.
    public var placeholder: String { "[\(rawValue.uppercased())]" }
}
