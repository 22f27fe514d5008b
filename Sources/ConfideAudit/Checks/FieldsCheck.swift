import ConfidePolicy
import ConfideStore

/// Stored kinds and field names against the policy as it is now: records of undeclared
/// kinds, fields the kind no longer declares, and fields whose rule is now `drop`. Reads
/// field names only; values are the values check's business.
struct FieldsCheck {
    func run(_ context: AuditContext) -> CheckResult {
        let clauses = PolicyClauses(policy: context.policy)
        struct FieldKey: Hashable { let kind: String; let field: String }
        var undeclaredKinds: [String: [RecordSummary]] = [:]
        var undeclaredFields: [FieldKey: [RecordSummary]] = [:]
        var droppedFields: [FieldKey: [RecordSummary]] = [:]
        var fieldsRead = 0
        for record in context.records {
            guard let kind = context.policy.kind(record.kind) else {
                undeclaredKinds[record.kind, default: []].append(record)
                continue
            }
            for field in record.fields {
                fieldsRead += 1
                switch kind.rule(for: field)?.action {
                case nil: undeclaredFields[FieldKey(kind: kind.key, field: field), default: []].append(record)
                case .drop: droppedFields[FieldKey(kind: kind.key, field: field), default: []].append(record)
                default: break
                }
            }
        }
        var findings: [AuditFinding] = []
        let declared = context.policy.kinds.map(\.key).joined(separator: ", ")
        for (kind, records) in undeclaredKinds {
            findings.append(AuditFinding(
                .kindUndeclared,
                message: "\(Self.records(records.count)) of kind '\(kind)' \(records.count == 1 ? "is" : "are") stored, but the policy declares only: \(declared).",
                clause: clauses.section("kinds", text: "kinds: \(declared)"),
                affected: Self.affected(records)))
        }
        for (key, records) in undeclaredFields {
            let kind = context.policy.kind(key.kind)!
            findings.append(AuditFinding(
                .fieldUndeclared,
                message: "\(Self.records(records.count)) of kind '\(key.kind)' \(records.count == 1 ? "holds" : "hold") the field '\(key.field)', which the kind does not declare.",
                clause: clauses.fields(kind), affected: Self.affected(records)))
        }
        for (key, records) in droppedFields {
            let kind = context.policy.kind(key.kind)!
            findings.append(AuditFinding(
                .fieldNotDropped,
                message: "\(Self.records(records.count)) of kind '\(key.kind)' \(records.count == 1 ? "holds" : "hold") the field '\(key.field)', which the policy says to drop.",
                clause: clauses.rule(kind, kind.rule(for: key.field)!), affected: Self.affected(records)))
        }
        return CheckResult(check: .fields, reads: [.init("records", context.records.count), .init("stored field names", fieldsRead)],
                           findings: findings)
    }

    static func records(_ count: Int) -> String { "\(count) record\(count == 1 ? "" : "s")" }

    static func affected(_ records: [RecordSummary]) -> AffectedRows {
        AffectedRows(unit: "records", references: records.map(\.id), subjects: records.map(\.subject))
    }
}
