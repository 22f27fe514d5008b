import ConfidePolicy
import ConfideStore
import Foundation

/// Completed erasures against what the store still holds: any row written at or before a
/// subject's erasure that still names the subject should have gone with it. Rows written
/// later belong to a subject who came back (a new sign-up and consent) and are judged by
/// the other checks. Also: devices told to wipe that have not confirmed within the erasure
/// deadline.
struct ErasureCheck {
    let store: ConfideStore

    func run(_ context: AuditContext) async throws -> CheckResult {
        let clauses = PolicyClauses(policy: context.policy)
        let named = try await store.namedSubjects()
        let erased = try await store.erasures(among: named)
        var leftovers: [SubjectRow] = []
        for (subject, receipt) in erased {
            leftovers += try await store.rows(naming: subject).filter { $0.recordedAt <= receipt.erasedAt }
        }
        var findings: [AuditFinding] = []
        if !leftovers.isEmpty {
            let subjects = Set(leftovers.map(\.subject)).count
            let tables = Set(leftovers.map(\.table.rawValue)).sorted().joined(separator: ", ")
            findings.append(AuditFinding(
                .erasureIncomplete,
                message: "\(leftovers.count) row\(leftovers.count == 1 ? "" : "s") (\(tables)) written before \(subjects) subject\(subjects == 1 ? "'s" : "s'") completed erasure still name \(subjects == 1 ? "that subject" : "them").",
                clause: clauses.requestDeadline(.erasure),
                affected: AffectedRows(unit: "rows", references: leftovers.map { "\($0.table.rawValue):\($0.reference)" },
                                       subjects: leftovers.map(\.subject))))
        }
        let deadline = Double(context.policy.requests.erasureDays) * 86_400
        let unconfirmed = context.devices.filter { device in
            device.status == .wipePending && device.wipeRequestedAt.map { $0.addingTimeInterval(deadline) < context.at } == true
        }
        if !unconfirmed.isEmpty {
            findings.append(AuditFinding(
                .wipeUnconfirmed,
                message: "\(unconfirmed.count) device\(unconfirmed.count == 1 ? "" : "s") of erased subjects \(unconfirmed.count == 1 ? "has" : "have") not confirmed wiping \(unconfirmed.count == 1 ? "its" : "their") local data within \(context.policy.requests.erasureDays) days of being told to.",
                clause: clauses.requestDeadline(.erasure),
                affected: AffectedRows(unit: "devices", references: unconfirmed.map(\.deviceID), subjects: [])))
        }
        return CheckResult(check: .erasure,
                           reads: [.init("subjects named in the store", named.count),
                                   .init("erased subjects still named", erased.count),
                                   .init("devices", context.devices.count)],
                           findings: findings)
    }
}
