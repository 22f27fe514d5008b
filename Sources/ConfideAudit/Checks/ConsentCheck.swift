import ConfidePolicy
import ConfideStore
import Foundation

/// Every participation for a consent-based purpose against the consent ledger: consent must
/// have been granted from the start of the participation's round until the participation was
/// recorded. One finding per purpose and kind of lapse.
struct ConsentCheck {
    func run(_ context: AuditContext) -> CheckResult {
        let timeline = ConsentTimeline(context.consentEntries)
        let rounds = Dictionary(context.rounds.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        struct Group: Hashable { let code: FindingCode; let purpose: String }
        var groups: [Group: [(ParticipationRecord, ConsentTimeline.Lapse)]] = [:]
        var checked = 0
        for participation in context.participations {
            guard let purpose = context.policy.purpose(participation.purpose), purpose.lawfulBasis.requiresConsent else { continue }
            checked += 1
            // Consent must hold from when the cohort was sampled (the round's start) to the recording.
            let start = rounds[participation.roundID].map { min($0.startedAt, participation.recordedAt) } ?? participation.recordedAt
            guard let lapse = timeline.lapse(subject: participation.subject, purpose: purpose.key, from: start,
                                             to: participation.recordedAt) else { continue }
            groups[Group(code: Self.code(for: lapse.state), purpose: purpose.key), default: []].append((participation, lapse))
        }
        let clauses = PolicyClauses(policy: context.policy)
        let findings = groups.map { group, items -> AuditFinding in
            let purpose = context.policy.purpose(group.purpose)!
            let subjects = Set(items.map(\.0.subject)).count
            let roundCount = Set(items.map(\.0.roundID)).count
            let what: String
            switch group.code {
            case .consentMissing: what = "had no consent recorded for it when the round began"
            case .consentWithdrawn: what = "had withdrawn consent for it before the participation was recorded"
            default: what = "had a grant for it that expired before the participation was recorded"
            }
            return AuditFinding(
                group.code,
                message: "\(items.count) participation\(items.count == 1 ? "" : "s") in \(roundCount) round\(roundCount == 1 ? "" : "s") for '\(purpose.key)' came from \(subjects) subject\(subjects == 1 ? "" : "s") who \(what).",
                clause: clauses.consentBasis(purpose),
                affected: AffectedRows(unit: "participations", references: items.map { "\($0.0.roundID)/\($0.0.deviceID)" },
                                       subjects: items.map(\.0.subject)))
        }
        return CheckResult(check: .consent,
                           reads: [.init("participations", context.participations.count),
                                   .init("participations needing consent", checked),
                                   .init("consent ledger entries", context.consentEntries.count),
                                   .init("rounds", context.rounds.count)],
                           findings: findings)
    }

    static func code(for state: ConsentStatus.State) -> FindingCode {
        switch state {
        case .withdrawn: .consentWithdrawn
        case .expired: .consentExpired
        case .never, .granted: .consentMissing
        }
    }
}
