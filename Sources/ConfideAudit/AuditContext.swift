import ConfidePolicy
import ConfideStore
import Foundation

/// Everything the pure checks read, taken from the store once, with the policy and the
/// instant the store is judged at.
struct AuditContext: Sendable {
    let policy: Policy
    let policyProblems: [PolicyDiagnostic]
    let at: Date
    let participations: [ParticipationRecord]
    let rounds: [RoundRecord]
    let consentEntries: [ConsentEntry]
    let records: [RecordSummary]
    let requests: [DataSubjectRequest]
    let devices: [DeviceRecord]
    let integrity: IntegrityReport
    /// The charged rounds' ε recomputed by both accountants (done once: the PLD composition
    /// is the audit's most expensive arithmetic).
    let privacy: PrivacyRecomputation

    /// Reads the store.
    ///
    /// The reads are separate transactions, so they are ordered to keep a coordinator that
    /// writes meanwhile from causing false findings: participations before the rounds and
    /// the consent ledger they are checked against (both only grow, and a participation is
    /// committed with its round), so every participation read has its round and its grant.
    static func read(_ store: ConfideStore, policy: Policy, policyProblems: [PolicyDiagnostic], at: Date) async throws -> AuditContext {
        let participations = try await store.allParticipations()
        let rounds = try await store.rounds()
        let consentEntries = try await store.consentEntries()
        return AuditContext(policy: policy, policyProblems: policyProblems, at: at, participations: participations,
                            rounds: rounds, consentEntries: consentEntries, records: try await store.recordSummaries(),
                            requests: try await store.allRequests(), devices: try await store.allDevices(),
                            integrity: try await store.verify(),
                            privacy: PrivacyRecomputation(charged: rounds.filter(\.spentEpsilon), delta: policy.training.delta))
    }
}

/// What one check found and read.
struct CheckResult: Sendable {
    let check: AuditCheckID
    let reads: [CheckSummary.Read]
    let findings: [AuditFinding]

    var summary: CheckSummary { CheckSummary(check: check, reads: reads, findings: findings.count) }
}
