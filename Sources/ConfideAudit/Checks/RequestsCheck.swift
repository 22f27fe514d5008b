import ConfidePolicy
import ConfideStore
import Foundation

/// Data-subject requests against their due times: open requests past due, and completed
/// requests that were completed late. One finding per kind of request and lapse.
struct RequestsCheck {
    func run(_ context: AuditContext) -> CheckResult {
        let clauses = PolicyClauses(policy: context.policy)
        var findings: [AuditFinding] = []
        for kind in DataSubjectRequest.Kind.allCases {
            let requests = context.requests.filter { $0.kind == kind }
            let overdue = requests.filter { $0.status == .received && $0.dueAt < context.at }
            if !overdue.isEmpty {
                let worst = overdue.map { context.at.timeIntervalSince($0.dueAt) / 86_400 }.max() ?? 0
                findings.append(AuditFinding(
                    .requestOverdue,
                    message: "\(Self.requests(overdue.count, kind)) \(overdue.count == 1 ? "is" : "are") still open after \(overdue.count == 1 ? "its" : "their") due time, the longest by \(Figures.days(worst)).",
                    clause: clauses.requestDeadline(kind), affected: Self.affected(overdue)))
            }
            let late = requests.filter { request in request.completedAt.map { $0 > request.dueAt } == true }
            if !late.isEmpty {
                let worst = late.compactMap { request in request.completedAt.map { $0.timeIntervalSince(request.dueAt) / 86_400 } }.max() ?? 0
                findings.append(AuditFinding(
                    .requestLate,
                    message: "\(Self.requests(late.count, kind)) \(late.count == 1 ? "was" : "were") completed after \(late.count == 1 ? "its" : "their") due time, the latest by \(Figures.days(worst)).",
                    clause: clauses.requestDeadline(kind), affected: Self.affected(late)))
            }
        }
        return CheckResult(check: .requests, reads: [.init("requests", context.requests.count)], findings: findings)
    }

    static func requests(_ count: Int, _ kind: DataSubjectRequest.Kind) -> String {
        "\(count) \(kind.rawValue) request\(count == 1 ? "" : "s")"
    }

    static func affected(_ requests: [DataSubjectRequest]) -> AffectedRows {
        AffectedRows(unit: "requests", references: requests.map(\.id), subjects: requests.compactMap(\.subject))
    }
}
