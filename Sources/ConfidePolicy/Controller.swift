/// The controller responsible for the processing (GDPR Art. 4(7)) and how to reach them.
public struct Controller: Hashable, Sendable, Codable {
    /// The controller's legal name.
    public var name: String
    /// Where data subjects send requests (an e-mail address or URL).
    public var contact: String
    /// Postal address, if given.
    public var address: String?
    /// The data protection officer's contact, if one is designated.
    public var dpo: String?

    /// Creates a controller description.
    public init(name: String, contact: String, address: String? = nil, dpo: String? = nil) {
        self.name = name
        self.contact = contact
        self.address = address
        self.dpo = dpo
    }
}
