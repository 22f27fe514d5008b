import Foundation

/// A data-subject request and where it stands.
public struct DataSubjectRequest: Hashable, Sendable, Codable {
    /// What the subject asked for.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// Access and portability (GDPR Art. 15 and 20): answered by an export.
        case access
        /// Erasure (GDPR Art. 17).
        case erasure
    }

    /// Where a request stands.
    public enum Status: String, Hashable, Sendable, Codable {
        /// Received and not yet answered.
        case received
        /// Answered or carried out.
        case completed
    }

    /// The request's identifier.
    public let id: String
    /// The subject; `nil` for a completed erasure, which names no one.
    public let subject: Pseudonym?
    /// What was asked.
    public let kind: Kind
    /// Where it stands.
    public let status: Status
    /// When it was received.
    public let receivedAt: Date
    /// When it must be completed, from the policy's deadlines.
    public let dueAt: Date
    /// When it was completed.
    public let completedAt: Date?
    /// For completed erasures, the tombstone that records them.
    public let tombstoneID: String?

    /// Whether the request was still open after its due time at `instant`.
    public func isOverdue(at instant: Date) -> Bool {
        (completedAt ?? instant) > dueAt
    }

    enum CodingKeys: String, CodingKey {
        case id, subject, kind, status
        case receivedAt = "received_at"
        case dueAt = "due_at"
        case completedAt = "completed_at"
        case tombstoneID = "tombstone_id"
    }
}
