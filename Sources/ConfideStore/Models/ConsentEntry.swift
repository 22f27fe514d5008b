import Foundation

/// Whether a consent entry grants or withdraws consent.
public enum ConsentAction: String, Hashable, Sendable, Codable {
    /// Consent given.
    case grant
    /// Consent withdrawn (GDPR Art. 7(3)).
    case withdraw
}

/// One entry of the consent ledger.
///
/// Entries of erased subjects keep only their position and hashes: ``payload`` is `nil`.
public struct ConsentEntry: Hashable, Sendable, Codable {
    /// What an entry records; absent once its subject is erased.
    public struct Payload: Hashable, Sendable, Codable {
        /// The subject.
        public let subject: Pseudonym
        /// The purpose key.
        public let purpose: String
        /// Granted or withdrawn.
        public let action: ConsentAction
        /// The policy version in force.
        public let policyVersion: String
        /// BLAKE2b-256 (hex) of the notice text shown to the subject.
        public let noticeHash: String
        /// How it was collected (`app`, `web`…).
        public let channel: String
        /// The method (`checkbox`, `signed_form`…).
        public let method: String
        /// When it was given or withdrawn (UTC).
        public let recordedAt: Date
        /// When a grant lapses, if consent has a validity period.
        public let expiresAt: Date?

        enum CodingKeys: String, CodingKey {
            case subject, purpose, action, channel, method
            case policyVersion = "policy_version"
            case noticeHash = "notice_hash"
            case recordedAt = "recorded_at"
            case expiresAt = "expires_at"
        }
    }

    /// The entry's position in the ledger, from 1.
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
