import ConfideStore
import Foundation

/// The result of holding a store against its policies: every check's summary, every finding
/// and the statistics, as one `Codable` value (JSON schema: `docs/audit-report.schema.json`).
public struct AuditReport: Hashable, Sendable, Codable {
    /// The format identifier, `confide.audit-report.v1`.
    public static let formatName = "confide.audit-report.v1"

    /// The policy audited against.
    public struct PolicyIdentity: Hashable, Sendable, Codable {
        /// Its version.
        public let version: String
        /// The controller's name.
        public let controller: String
        /// The files it was loaded from.
        public let files: [String]
    }

    /// Findings per severity.
    public struct Totals: Hashable, Sendable, Codable {
        /// All findings.
        public let findings: Int
        /// Critical findings.
        public let critical: Int
        /// High findings.
        public let high: Int
        /// Medium findings.
        public let medium: Int
        /// Low findings.
        public let low: Int

        init(_ findings: [AuditFinding]) {
            self.findings = findings.count
            critical = findings.count { $0.severity == .critical }
            high = findings.count { $0.severity == .high }
            medium = findings.count { $0.severity == .medium }
            low = findings.count { $0.severity == .low }
        }
    }

    /// Always ``formatName``.
    public let format: String
    /// When the report was made.
    public let generatedAt: Date
    /// The instant the store was judged at (retention, deadlines and consent are measured then).
    public let auditedAt: Date
    /// The store, with any password hidden.
    public let store: String
    /// The policy.
    public let policy: PolicyIdentity
    /// Whether there are no findings.
    public let clean: Bool
    /// Findings per severity.
    public let totals: Totals
    /// Every check, in order, with what it read.
    public let checks: [CheckSummary]
    /// Every finding, most serious first.
    public let findings: [AuditFinding]
    /// Consent, request and privacy-budget figures.
    public let statistics: AuditStatistics

    /// Assembles a report; findings are ordered by severity, then code, then clause.
    public init(generatedAt: Date, auditedAt: Date, store: String, policy: PolicyIdentity, checks: [CheckSummary],
                findings: [AuditFinding], statistics: AuditStatistics) {
        format = Self.formatName
        self.generatedAt = generatedAt
        self.auditedAt = auditedAt
        self.store = store
        self.policy = policy
        let ordered = findings.sorted {
            ($0.severity, $0.code.rawValue, $0.clause.file, $0.clause.line, $0.message)
                < ($1.severity, $1.code.rawValue, $1.clause.file, $1.clause.line, $1.message)
        }
        clean = ordered.isEmpty
        totals = Totals(ordered)
        self.checks = checks
        self.findings = ordered
        self.statistics = statistics
    }

    /// The findings of one severity.
    public func findings(_ severity: Severity) -> [AuditFinding] {
        findings.filter { $0.severity == severity }
    }

    /// The report as JSON (sorted keys, ISO 8601 times with milliseconds, like every store document).
    public func jsonData(pretty: Bool = true) throws -> Data {
        try StoreJSON.encoder(pretty: pretty).encode(self)
    }

    enum CodingKeys: String, CodingKey {
        case format, store, policy, clean, totals, checks, findings, statistics
        case generatedAt = "generated_at"
        case auditedAt = "audited_at"
    }
}
