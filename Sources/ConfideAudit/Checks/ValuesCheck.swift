import ConfidePolicy
import ConfideStore

/// Every stored value against its field rule, decrypting each subject's records: text of
/// `redact` fields must hold no personal data a detector finds, `pseudonymize` fields must
/// hold pseudonyms, `generalize` fields the coarsened form. Records that do not decrypt are
/// reported too. Findings name kinds of personal data, never the values.
struct ValuesCheck {
    let store: ConfideStore

    func run(_ context: AuditContext) async throws -> CheckResult {
        let clauses = PolicyClauses(policy: context.policy)
        struct Group: Hashable { let code: FindingCode; let kind: String; let field: String }
        var groups: [Group: [StoredRecord]] = [:]
        var piiKinds: [Group: Set<PIIKind>] = [:]
        var unreadable: [RecordSummary] = []
        let summaries = Dictionary(grouping: context.records, by: \.subject)
        let subjects = try await store.subjectsWithData()
        var decrypted = 0, values = 0
        for subject in subjects {
            var records: [StoredRecord]
            do {
                records = try await store.records(of: subject)
            } catch let error as StoreError where error.kind == .integrity {
                // One bad record fails the subject's whole read: read them one by one to name it.
                records = []
                for summary in summaries[subject] ?? [] {
                    do {
                        if let record = try await store.record(summary.id) { records.append(record) }
                    } catch let error as StoreError where error.kind == .integrity {
                        unreadable.append(summary)
                    }
                }
            }
            decrypted += records.count
            for record in records {
                guard let kind = context.policy.kind(record.kind) else { continue }
                for (field, value) in record.fields {
                    guard let rule = kind.rule(for: field), rule.action != .drop else { continue }
                    values += 1
                    guard let nonconformity = RuleConformance.check(value, against: rule.action) else { continue }
                    let group = Group(code: Self.code(for: nonconformity), kind: kind.key, field: field)
                    groups[group, default: []].append(record)
                    if case .containsPII(let kinds) = nonconformity { piiKinds[group, default: []].formUnion(kinds) }
                }
            }
        }
        var findings = groups.map { group, records -> AuditFinding in
            let kind = context.policy.kind(group.kind)!
            let rule = kind.rule(for: group.field)!
            let count = "\(records.count) value\(records.count == 1 ? "" : "s") of '\(group.kind).\(group.field)'"
            let message: String
            switch group.code {
            case .fieldPIIUnredacted:
                let found = PIIKind.allCases.filter { piiKinds[group]?.contains($0) == true }.map(\.rawValue).joined(separator: ", ")
                message = "\(count) still contain personal data the detectors find (\(found)) although the rule is redact."
            case .fieldNotPseudonymized:
                message = "\(count) are not keyed pseudonyms although the rule is pseudonymize."
            default:
                message = "\(count) are not in the form '\(PolicyClauses.describe(rule.action))' produces."
            }
            return AuditFinding(group.code, message: message, clause: clauses.rule(kind, rule),
                                affected: AffectedRows(unit: "records", references: records.map(\.id), subjects: records.map(\.subject)))
        }
        if !unreadable.isEmpty {
            let owners = Set(unreadable.map(\.subject)).count
            findings.append(AuditFinding(
                .recordUnreadable,
                message: "\(unreadable.count) record\(unreadable.count == 1 ? "" : "s") of \(owners) subject\(owners == 1 ? "" : "s") \(unreadable.count == 1 ? "does" : "do") not decrypt with their subject's data key (altered, moved, or the key is gone), so nobody can show what they hold.",
                clause: clauses.section("security_measures", text: "personal payloads are encrypted with a per-subject key"),
                affected: AffectedRows(unit: "records", references: unreadable.map(\.id), subjects: unreadable.map(\.subject))))
        }
        return CheckResult(check: .values,
                           reads: [.init("subjects with data", subjects.count), .init("records decrypted", decrypted),
                                   .init("values checked", values)],
                           findings: findings)
    }

    static func code(for nonconformity: RuleConformance.Nonconformity) -> FindingCode {
        switch nonconformity {
        case .containsPII: .fieldPIIUnredacted
        case .notPseudonymized: .fieldNotPseudonymized
        case .notGeneralized: .fieldNotGeneralized
        // Dropped fields are skipped above: the fields check reports them from names alone.
        case .stored: .fieldNotDropped
        }
    }
}
