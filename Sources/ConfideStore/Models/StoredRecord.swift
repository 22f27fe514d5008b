import Foundation

/// A record as the store holds it: the fields left after the policy's rules, decrypted.
public struct StoredRecord: Hashable, Sendable, Codable {
    /// The record's identifier.
    public let id: String
    /// The record kind.
    public let kind: String
    /// The subject the record belongs to.
    public let subject: Pseudonym
    /// When it was stored.
    public let createdAt: Date
    /// The policy version it was stripped under.
    public let policyVersion: String
    /// The stored fields (dropped fields are absent).
    public let fields: [String: JSONValue]

    enum CodingKeys: String, CodingKey {
        case id, kind, subject, fields
        case createdAt = "created_at"
        case policyVersion = "policy_version"
    }
}

/// What the store knows about a record without decrypting it: enough for audits of
/// retention and of declared fields.
public struct RecordSummary: Hashable, Sendable, Codable {
    /// The record's identifier.
    public let id: String
    /// The record kind.
    public let kind: String
    /// The subject the record belongs to.
    public let subject: Pseudonym
    /// The names of the stored fields.
    public let fields: [String]
    /// When it was stored.
    public let createdAt: Date
    /// The policy version it was stripped under.
    public let policyVersion: String

    enum CodingKeys: String, CodingKey {
        case id, kind, subject, fields
        case createdAt = "created_at"
        case policyVersion = "policy_version"
    }
}
