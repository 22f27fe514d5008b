import ConfidePolicy

/// The problems static validation found while the policies were loaded, one finding each.
struct PolicyCheck {
    func run(_ context: AuditContext) -> CheckResult {
        let findings = context.policyProblems.map { problem in
            let sentence = (problem.path.isEmpty ? "" : "\(problem.path): ") + problem.message
            return AuditFinding(.policyProblem, message: sentence.hasSuffix(".") ? sentence : sentence + ".",
                         clause: PolicyClause(path: problem.path, location: problem.location, text: problem.message),
                         affected: .none)
        }
        let policy = context.policy
        return CheckResult(check: .policy,
                           reads: [.init("policy files", policy.files.count), .init("purposes", policy.purposes.count),
                                   .init("record kinds", policy.kinds.count),
                                   .init("field rules", policy.kinds.reduce(0) { $0 + $1.fields.count })],
                           findings: findings)
    }
}
