import ConfidePolicy
import ConfideStore
import Foundation

/// Holds a live store against the policies: the audit privacy teams run, from the command
/// line (`confide-coordinator policy audit`) or the coordinator's admin API.
///
/// The auditor only reads. Every check reports what it read, so a clean report is evidence
/// that each rule was tested against the data, not silence.
///
/// ```swift
/// let loaded = try PolicyLoader.loadReportingProblems("policies")
/// let report = try await PolicyAuditor(store: store, policy: loaded.policy, policyProblems: loaded.problems).run()
/// print(TextReportRenderer().render(report))
/// ```
public struct PolicyAuditor: Sendable {
    /// The store audited.
    public let store: ConfideStore
    /// The policy the store is held against (it may differ from the one the store was opened with).
    public let policy: Policy
    /// Problems found loading the policy; each becomes a finding.
    public let policyProblems: [PolicyDiagnostic]

    /// An auditor of `store` against `policy`.
    ///
    /// - Parameter policyProblems: what ``PolicyLoader/loadReportingProblems(_:)`` reported,
    ///   or nothing for a policy loaded with ``PolicyLoader/load(_:)``.
    public init(store: ConfideStore, policy: Policy, policyProblems: [PolicyDiagnostic] = []) {
        self.store = store
        self.policy = policy
        self.policyProblems = policyProblems
    }

    /// Runs every check and returns the report.
    ///
    /// - Parameter instant: the moment the store is judged at: retention, request deadlines,
    ///   device wipes and current consent are measured then (default: now). What the store
    ///   holds is always read as it is now.
    /// - Throws: the store's errors (an unreachable database, say); findings are never errors.
    public func run(at instant: Date = Date()) async throws -> AuditReport {
        let context = try await AuditContext.read(store, policy: policy, policyProblems: policyProblems, at: instant)
        var results = [
            PolicyCheck().run(context),
            ConsentCheck().run(context),
            RetentionCheck().run(context),
            FieldsCheck().run(context),
        ]
        results.append(try await ValuesCheck(store: store).run(context))
        results.append(RequestsCheck().run(context))
        results.append(try await ErasureCheck(store: store).run(context))
        results.append(ChainsCheck().run(context))
        results.append(TrainingCheck().run(context))
        return AuditReport(generatedAt: Date(), auditedAt: instant, store: store.location.description,
                           policy: .init(version: policy.version, controller: policy.controller.name, files: policy.files),
                           checks: results.map(\.summary), findings: results.flatMap(\.findings),
                           statistics: StatisticsBuilder(context: context).build())
    }
}
