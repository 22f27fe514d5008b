import ConfidePolicy
import ConfideStore

/// The consent ledger's and the audit log's hash chains, walked by the store's `verify`:
/// the first entry that fails a check, and why.
struct ChainsCheck {
    func run(_ context: AuditContext) -> CheckResult {
        let clauses = PolicyClauses(policy: context.policy)
        let integrity = context.integrity
        var findings: [AuditFinding] = []
        if let broken = integrity.consent.firstBroken {
            let subject = context.consentEntries.first { $0.seq == broken.seq }?.payload?.subject
            findings.append(AuditFinding(
                .consentChainBroken,
                message: "Consent ledger entry \(broken.seq) of \(integrity.consent.entries) fails verification: \(broken.reason).",
                clause: clauses.consent(text: "consent is recorded in a hash-chained, signed ledger"),
                affected: AffectedRows(unit: "entries", references: [String(broken.seq)], subjects: subject.map { [$0] } ?? [])))
        }
        if let broken = integrity.audit.firstBroken {
            findings.append(AuditFinding(
                .auditChainBroken,
                message: "Audit log entry \(broken.seq) of \(integrity.audit.entries) fails verification: \(broken.reason).",
                clause: clauses.section("security_measures", text: "the audit log is hash-chained and signed"),
                affected: AffectedRows(unit: "entries", references: [String(broken.seq)], subjects: [])))
        }
        return CheckResult(check: .chains,
                           reads: [.init("consent ledger entries verified", integrity.consent.entries),
                                   .init("audit log entries verified", integrity.audit.entries)],
                           findings: findings)
    }
}
