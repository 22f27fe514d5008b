/// What one check looked at and what it found: the evidence that a clean result is not silence.
public struct CheckSummary: Hashable, Sendable, Codable {
    /// How many items of one source a check read.
    public struct Read: Hashable, Sendable, Codable {
        /// What was read (`participations`, `consent ledger entries`, `records decrypted`…).
        public let source: String
        /// How many.
        public let count: Int

        /// Creates a count.
        public init(_ source: String, _ count: Int) {
            self.source = source
            self.count = count
        }
    }

    /// The check.
    public let check: AuditCheckID
    /// Its title.
    public let title: String
    /// What it verifies.
    public let summary: String
    /// What it read, in order.
    public let reads: [Read]
    /// How many findings it reported.
    public let findings: Int

    /// Whether it found nothing.
    public var passed: Bool { findings == 0 }

    /// Creates the summary of `check`.
    public init(check: AuditCheckID, reads: [Read], findings: Int) {
        self.check = check
        title = check.title
        summary = check.summary
        self.reads = reads
        self.findings = findings
    }

    enum CodingKeys: String, CodingKey {
        case check, title, summary, reads, findings, passed
    }

    /// Decodes a summary (`passed` is derived and not read back).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        check = try container.decode(AuditCheckID.self, forKey: .check)
        title = try container.decode(String.self, forKey: .title)
        summary = try container.decode(String.self, forKey: .summary)
        reads = try container.decode([Read].self, forKey: .reads)
        findings = try container.decode(Int.self, forKey: .findings)
    }

    /// Encodes the summary with `passed`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(check, forKey: .check)
        try container.encode(title, forKey: .title)
        try container.encode(summary, forKey: .summary)
        try container.encode(reads, forKey: .reads)
        try container.encode(findings, forKey: .findings)
        try container.encode(passed, forKey: .passed)
    }
}
