/// The result of walking the consent ledger and the audit log.
public struct IntegrityReport: Hashable, Sendable, Codable {
    /// The first entry of a chain that fails a check.
    public struct BrokenLink: Hashable, Sendable, Codable {
        /// Its position.
        public let seq: Int64
        /// What failed, in a sentence.
        public let reason: String
    }

    /// One chain's result.
    public struct Chain: Hashable, Sendable, Codable {
        /// `consent` or `audit`.
        public let name: String
        /// Entries walked.
        public let entries: Int
        /// Entries whose payload was removed by erasures.
        public let redacted: Int
        /// Hex of the last entry's hash: keep it somewhere else to detect a truncated tail later.
        public let headHash: String
        /// The first failure, if any.
        public let firstBroken: BrokenLink?

        /// Whether every check passed.
        public var isIntact: Bool { firstBroken == nil }

        enum CodingKeys: String, CodingKey {
            case name, entries, redacted
            case headHash = "head_hash"
            case firstBroken = "first_broken"
        }
    }

    /// The consent ledger's result.
    public let consent: Chain
    /// The audit log's result.
    public let audit: Chain

    /// Whether both chains are intact.
    public var isIntact: Bool { consent.isIntact && audit.isIntact }

    enum CodingKeys: String, CodingKey {
        case consent, audit
    }
}
