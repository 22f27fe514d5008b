import Foundation

/// One entry of the audit log. Entries that named an erased subject keep only their
/// position and hashes: ``payload`` is `nil`.
public struct AuditEntry: Hashable, Sendable, Codable {
    /// What an entry records.
    public struct Payload: Hashable, Sendable, Codable {
        /// When it happened (UTC).
        public let recordedAt: Date
        /// Who did it (`cli`, `coordinator`, `admin-api`…).
        public let actor: String
        /// What was done, such as `consent.grant` or `subject.erase`.
        public let action: String
        /// The subject concerned, by pseudonym, if any.
        public let subject: Pseudonym?
        /// Further facts (identifiers, counts); never personal data.
        public let details: [String: String]

        enum CodingKeys: String, CodingKey {
            case actor, action, subject, details
            case recordedAt = "recorded_at"
        }
    }

    /// The entry's position in the log, from 1.
    public let seq: Int64
    /// Hex of the entry hash.
    public let entryHash: String
    /// The entry's content, `nil` when redacted by an erasure.
    public let payload: Payload?

    enum CodingKeys: String, CodingKey {
        case seq, payload
        case entryHash = "entry_hash"
    }
}
