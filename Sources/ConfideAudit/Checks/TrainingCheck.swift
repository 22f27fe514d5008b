import ConfidePolicy
import ConfideStore
import Foundation

/// Rounds against the training limits and purposes: the ε of completed rounds summed
/// against the budget, completed rounds below the minimum cohort, rounds of a task their
/// purpose does not allow, rounds or participations for a purpose the policy does not declare,
/// and models older than their purpose's `retrain_every_days`.
///
/// Each round records the ε the accountant charged it just before its sum was unmasked, so
/// the sum over charged rounds (completed, or aborted after unmasking) is the ε spent on the
/// data; rounds aborted before unmasking released nothing and spent nothing. The check also
/// recomputes that ε from each round's recorded noise multiplier and sampling rate, by
/// privacy loss distributions and by Rényi DP, and reports records that understate it.
struct TrainingCheck {
    /// Tolerance for summing ε in floating point.
    static let epsilonTolerance = 1e-9

    func run(_ context: AuditContext) -> CheckResult {
        let clauses = PolicyClauses(policy: context.policy)
        let limits = context.policy.training
        let participants = Dictionary(grouping: context.participations, by: \.roundID)
        func subjects(_ rounds: [RoundRecord]) -> [Pseudonym] {
            rounds.flatMap { participants[$0.id]?.map(\.subject) ?? [] }
        }
        func affected(_ rounds: [RoundRecord]) -> AffectedRows {
            AffectedRows(unit: "rounds", references: rounds.map(\.id), subjects: subjects(rounds))
        }
        var findings: [AuditFinding] = []
        let completed = context.rounds.filter { $0.state == .completed }
            .sorted { ($0.finishedAt ?? $0.startedAt, $0.id) < ($1.finishedAt ?? $1.startedAt, $1.id) }

        let charged = context.rounds.filter(\.spentEpsilon)
            .sorted { ($0.chargedAt ?? $0.finishedAt ?? $0.startedAt, $0.id) < ($1.chargedAt ?? $1.finishedAt ?? $1.startedAt, $1.id) }
        var spent = 0.0
        var beyond: [RoundRecord] = []
        for round in charged {
            spent += round.epsilon ?? 0
            if spent > limits.epsilonBudget + Self.epsilonTolerance { beyond.append(round) }
        }
        // The records may understate the loss; the recomputed ε is what they prove.
        let privacy = context.privacy
        if !beyond.isEmpty {
            findings.append(AuditFinding(
                .epsilonBudgetExceeded,
                message: "Rounds spent ε = \(Figures.decimal(spent)) against a budget of \(Figures.decimal(limits.epsilonBudget)); the last \(beyond.count) round\(beyond.count == 1 ? "" : "s") went past it.",
                clause: clauses.training(text: "epsilon_budget: \(Figures.decimal(limits.epsilonBudget))"),
                affected: affected(beyond)))
        } else if privacy.spent > limits.epsilonBudget + Self.epsilonTolerance {
            findings.append(AuditFinding(
                .epsilonBudgetExceeded,
                message: "Recomputed from their recorded noise, the \(charged.count) charged rounds spent ε = \(Figures.decimal(privacy.spent)) against a budget of \(Figures.decimal(limits.epsilonBudget)).",
                clause: clauses.training(text: "epsilon_budget: \(Figures.decimal(limits.epsilonBudget))"),
                affected: affected(charged)))
        }
        if privacy.understated || privacy.accountantsDisagree {
            let pld = privacy.pld.map { Figures.decimal($0) } ?? "unknown"
            let rdp = privacy.rdp.map { Figures.decimal($0) } ?? "unknown"
            findings.append(AuditFinding(
                .epsilonUnderstated,
                message: privacy.understated
                    ? "The \(charged.count) charged rounds recorded ε = \(Figures.decimal(privacy.recorded)), but their recorded noise and sampling rates give ε = \(pld) (privacy loss distributions; Rényi DP bound \(rdp))."
                    : "The privacy loss distribution accountant gives ε = \(pld) for the charged rounds, above the Rényi DP bound of \(rdp): the accounting is faulty.",
                clause: clauses.training(text: "delta: \(limits.delta)"),
                affected: affected(charged)))
        }

        let small = completed.filter { $0.cohortSize < limits.minCohort }
        if !small.isEmpty {
            let smallest = small.map(\.cohortSize).min() ?? 0
            findings.append(AuditFinding(
                .cohortBelowMinimum,
                message: "\(small.count) completed round\(small.count == 1 ? "" : "s") aggregated fewer than \(limits.minCohort) devices, the smallest only \(smallest).",
                clause: clauses.training(text: "min_cohort: \(limits.minCohort)"),
                affected: affected(small)))
        }

        let applied = context.rounds.filter { $0.state != .aborted }
        var notAllowed: [String: [RoundRecord]] = [:]
        var undeclaredRounds: [String: [RoundRecord]] = [:]
        for round in applied {
            guard let purpose = context.policy.purpose(round.purpose) else {
                undeclaredRounds[round.purpose, default: []].append(round)
                continue
            }
            if !purpose.tasks.contains(round.task) { notAllowed[purpose.key, default: []].append(round) }
        }
        for (key, rounds) in notAllowed {
            let purpose = context.policy.purpose(key)!
            let tasks = Set(rounds.map(\.task.rawValue)).sorted().joined(separator: ", ")
            let allowed = purpose.tasks.isEmpty ? "none" : purpose.tasks.map(\.rawValue).joined(separator: ", ")
            findings.append(AuditFinding(
                .taskNotAllowed,
                message: "\(rounds.count) round\(rounds.count == 1 ? "" : "s") of \(tasks) ran for '\(key)', which allows: \(allowed).",
                clause: clauses.purpose(purpose, text: "tasks: \(allowed)"), affected: affected(rounds)))
        }
        let undeclaredParticipations = Dictionary(grouping: context.participations.filter { context.policy.purpose($0.purpose) == nil },
                                                  by: \.purpose)
        let declared = context.policy.purposes.map(\.key).joined(separator: ", ")
        for key in Set(undeclaredRounds.keys).union(undeclaredParticipations.keys).sorted() {
            let rounds = undeclaredRounds[key] ?? [], participations = undeclaredParticipations[key] ?? []
            findings.append(AuditFinding(
                .purposeUndeclared,
                message: "\(rounds.count) round\(rounds.count == 1 ? "" : "s") and \(participations.count) participation\(participations.count == 1 ? "" : "s") are for the purpose '\(key)', which the policy does not declare.",
                clause: clauses.section("purposes", text: "purposes: \(declared)"),
                affected: AffectedRows(unit: "rows",
                                       references: rounds.map(\.id) + participations.map { "\($0.roundID)/\($0.deviceID)" },
                                       subjects: participations.map(\.subject))))
        }
        findings += staleModels(completed, context: context, clauses: clauses, affected: affected)
        return CheckResult(check: .training,
                           reads: [.init("rounds", context.rounds.count), .init("completed rounds", completed.count),
                                   .init("participations", context.participations.count)],
                           findings: findings)
    }

    /// A task's model is as old as its newest completed round (each completed round
    /// publishes a version); a purpose with `retrain_every_days` allows no older model for
    /// any of its tasks that was ever trained.
    private func staleModels(_ completed: [RoundRecord], context: AuditContext, clauses: PolicyClauses,
                             affected: ([RoundRecord]) -> AffectedRows) -> [AuditFinding] {
        var findings: [AuditFinding] = []
        for purpose in context.policy.purposes {
            guard let days = purpose.retrainEveryDays else { continue }
            for task in purpose.tasks {
                guard let newest = completed.last(where: { $0.task == task }) else { continue }
                let trained = newest.finishedAt ?? newest.startedAt
                let age = context.at.timeIntervalSince(trained) / 86_400
                guard age > Double(days) else { continue }
                findings.append(AuditFinding(
                    .modelStale,
                    message: "The newest \(task.rawValue) model (round \(newest.id)) is \(Figures.decimal(age.rounded(.down))) days old; '\(purpose.key)' allows at most \(days).",
                    clause: clauses.purpose(purpose, text: "retrain_every_days: \(days)"), affected: affected([newest])))
            }
        }
        return findings
    }
}
