import Foundation

/// A row that names a subject by pseudonym, with when it was written: what an audit of
/// completed erasures looks for.
public struct SubjectRow: Hashable, Sendable, Codable {
    /// The tables whose rows name subjects.
    public enum Table: String, CaseIterable, Hashable, Sendable, Codable {
        /// Stored records.
        case records
        /// The subject's wrapped data key.
        case subjectKeys = "subject_keys"
        /// Consent ledger entries.
        case consentLedger = "consent_ledger"
        /// Audit log entries.
        case auditLog = "audit_log"
        /// Data-subject requests.
        case requests
        /// Registered devices.
        case devices
        /// Participations in rounds.
        case participations
    }

    /// The table holding the row.
    public let table: Table
    /// The subject it names.
    public let subject: Pseudonym
    /// The row's identifier within its table (record id, ledger seq, request id, device id, `round/device`).
    public let reference: String
    /// When the row was written (for devices: registered; for requests: received).
    public let recordedAt: Date

    enum CodingKeys: String, CodingKey {
        case table, subject, reference
        case recordedAt = "recorded_at"
    }
}
