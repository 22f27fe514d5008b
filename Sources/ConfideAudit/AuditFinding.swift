/// One thing an audit found wrong: what, how serious, which clause of the policy it
/// violates, which rows it concerns and what to do.
public struct AuditFinding: Hashable, Sendable, Codable {
    /// The stable code of the kind of finding.
    public let code: FindingCode
    /// How serious it is (fixed per code).
    public let severity: Severity
    /// The check that found it.
    public let check: AuditCheckID
    /// A short title (fixed per code).
    public let title: String
    /// What exactly is wrong here, in a sentence with the figures.
    public let message: String
    /// The clause of the policy it violates.
    public let clause: PolicyClause
    /// The rows it concerns.
    public let affected: AffectedRows
    /// What to do, in one sentence (fixed per code).
    public let remedy: String

    /// A finding of kind `code`.
    public init(_ code: FindingCode, message: String, clause: PolicyClause, affected: AffectedRows) {
        self.code = code
        severity = code.severity
        check = code.check
        title = code.title
        self.message = message
        self.clause = clause
        self.affected = affected
        remedy = code.remedy
    }
}
