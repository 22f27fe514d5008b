/// A recipient or category of recipients of personal data (GDPR Art. 13(1)(e), 15(1)(c)).
public struct Recipient: Hashable, Sendable, Codable {
    /// Whether the recipient is part of the controller, acts on its behalf, or is independent.
    public enum Role: String, CaseIterable, Sendable, Codable {
        /// Staff or systems of the controller itself.
        case internalTeam = "internal"
        /// A processor acting on the controller's instructions (Art. 28).
        case processor
        /// An independent third party.
        case thirdParty = "third_party"
    }

    /// The recipient's name or category.
    public var name: String
    /// The recipient's role.
    public var role: Role
    /// The purposes for which data is disclosed to it.
    public var purposes: [String]
    /// Where the recipient processes data (a country or region), if stated.
    public var location: String?
    /// Safeguards for transfers outside the EEA (Art. 46), if any.
    public var safeguards: String?
    /// Where the recipient is declared.
    public var sourceLocation: SourceLocation

    /// Creates a recipient.
    public init(name: String, role: Role, purposes: [String], location: String?, safeguards: String?,
                sourceLocation: SourceLocation) {
        self.name = name
        self.role = role
        self.purposes = purposes
        self.location = location
        self.safeguards = safeguards
        self.sourceLocation = sourceLocation
    }
}
