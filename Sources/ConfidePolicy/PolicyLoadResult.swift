/// A policy and the problems found loading it (see ``PolicyLoader/loadReportingProblems(_:)``).
public struct PolicyLoadResult: Sendable {
    /// The policy, without the elements that could not be read.
    public let policy: Policy
    /// Every problem found, in file order; empty for a valid policy.
    public let problems: [PolicyDiagnostic]

    /// Whether the policy loaded without any problem.
    public var isValid: Bool { problems.isEmpty }
}
