import Foundation

/// Whether a subject consents to a purpose at an instant, and since when.
public struct ConsentStatus: Hashable, Sendable, Codable {
    /// The state of consent at the instant asked about.
    public enum State: String, Hashable, Sendable, Codable {
        /// Consent was granted and has not lapsed.
        case granted
        /// The latest entry withdraws consent.
        case withdrawn
        /// Consent was granted but its validity period ended.
        case expired
        /// No entry for the purpose existed at that instant.
        case never
    }

    /// The subject.
    public let subject: Pseudonym
    /// The purpose key.
    public let purpose: String
    /// The instant the status describes.
    public let at: Date
    /// The state at that instant.
    public let state: State
    /// When the deciding entry was recorded.
    public let since: Date?
    /// When the deciding grant lapses, if it does.
    public let expiresAt: Date?
    /// The ledger position of the deciding entry.
    public let seq: Int64?

    /// Whether processing for the purpose is allowed by consent at that instant.
    public var isGranted: Bool { state == .granted }

    enum CodingKeys: String, CodingKey {
        case subject, purpose, at, state, since, seq
        case expiresAt = "expires_at"
    }
}
