/// What happens to one field of a record before it is stored.
public enum FieldAction: Hashable, Sendable, Codable {
    /// Stored as given.
    case keep
    /// Never stored.
    case drop
    /// Replaced by its keyed BLAKE2b pseudonym (the domain is `kind.field`), so equal values
    /// stay linkable without being readable.
    case pseudonymize
    /// Coarsened as described.
    case generalize(Generalization)
    /// Free text: scanned for e-mail addresses, phone numbers, card numbers, IP addresses and
    /// IBANs, each replaced by a typed placeholder such as `[EMAIL]`.
    case redact

    /// The action's name as written in policies.
    public var name: String {
        switch self {
        case .keep: "keep"
        case .drop: "drop"
        case .pseudonymize: "pseudonymize"
        case .generalize: "generalize"
        case .redact: "redact"
        }
    }
}

/// The rule for one declared field of a record kind.
public struct FieldRule: Hashable, Sendable, Codable {
    /// The field's name in incoming records.
    public var field: String
    /// What is done to it before storage.
    public var action: FieldAction
    /// Where the rule is declared.
    public var location: SourceLocation

    /// Creates a rule.
    public init(field: String, action: FieldAction, location: SourceLocation) {
        self.field = field
        self.action = action
        self.location = location
    }
}
