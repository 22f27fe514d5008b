import ConfidePolicy
import ConfideStore
import Foundation

/// Records held longer than the longest retention among their kind's purposes (the rule
/// `store purge` enforces), one finding per kind. Kinds the policy does not declare are the
/// fields check's business.
struct RetentionCheck {
    func run(_ context: AuditContext) -> CheckResult {
        let clauses = PolicyClauses(policy: context.policy)
        var expired: [String: [RecordSummary]] = [:]
        for record in context.records {
            guard let kind = context.policy.kind(record.kind) else { continue }
            let days = context.policy.retentionDays(of: kind)
            if record.createdAt.addingTimeInterval(Double(days) * 86_400) <= context.at { expired[kind.key, default: []].append(record) }
        }
        let findings = expired.map { key, records -> AuditFinding in
            let kind = context.policy.kind(key)!
            let days = context.policy.retentionDays(of: kind)
            let oldest = records.map(\.createdAt).min() ?? context.at
            let age = Int(context.at.timeIntervalSince(oldest) / 86_400)
            return AuditFinding(
                .retentionExceeded,
                message: "\(Figures.count(records.count, "record")) of kind '\(key)' \(records.count == 1 ? "is" : "are") held longer than \(days) days, the longest retention among its purposes (\(kind.purposes.joined(separator: ", "))); the oldest was stored \(age) days ago.",
                clause: clauses.retention(kind),
                affected: AffectedRows(unit: "records", references: records.map(\.id), subjects: records.map(\.subject)))
        }
        return CheckResult(check: .retention, reads: [.init("records", context.records.count)], findings: findings)
    }
}
