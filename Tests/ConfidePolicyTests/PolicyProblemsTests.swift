import ConfidePolicy
import Foundation
import Testing

/// Loading for audits: the policy comes back with its problems instead of being refused, and
/// every top-level section keeps where it was declared.
@Suite struct PolicyProblemsTests {
    @Test func aValidPolicyHasNoProblemsAndKnowsWhereItsSectionsAre() throws {
        let loaded = try PolicyLoader.parseReportingProblems(documents: [("p.yaml", PolicyLoaderTests.minimal)])
        #expect(loaded.isValid && loaded.problems.isEmpty)
        #expect(loaded.policy == (try PolicyLoader.parse(yaml: PolicyLoaderTests.minimal, file: "p.yaml")))
        #expect(loaded.policy.sections["version"] == SourceLocation(file: "p.yaml", line: 1, column: 1))
        #expect(loaded.policy.sections["kinds"] == SourceLocation(file: "p.yaml", line: 11, column: 1))
        #expect(loaded.policy.sections["consent"]?.line == 20)
        #expect(loaded.policy.sections["security_measures"] == nil)
    }

    @Test func validationProblemsComeBackWithThePolicy() throws {
        let yaml = PolicyLoaderTests.minimal
            .replacingOccurrences(of: "    purposes: [training]", with: "    purposes: [training, marketing]")
            .replacingOccurrences(of: "epsilon_budget: 4", with: "epsilon_budget: 400")
        let loaded = try PolicyLoader.parseReportingProblems(documents: [("p.yaml", yaml)])
        #expect(!loaded.isValid)
        #expect(loaded.problems.map(\.path) == ["kinds.rating.purposes", "training.epsilon_budget"])
        #expect(loaded.problems.first?.location.line == 12)
        #expect(loaded.policy.kind("rating")?.purposes == ["training", "marketing"])
        #expect(loaded.policy.training.epsilonBudget == 400)
        #expect(throws: PolicyError.self) { try PolicyLoader.parse(yaml: yaml, file: "p.yaml") }
    }

    @Test func anElementThatCannotBeReadIsLeftOutAndReported() throws {
        let yaml = PolicyLoaderTests.minimal.replacingOccurrences(of: "    retention_days: 30\n", with: "    retention_days: forever\n")
        let loaded = try PolicyLoader.parseReportingProblems(documents: [("p.yaml", yaml)])
        #expect(loaded.policy.purposes.isEmpty)
        #expect(loaded.problems.contains { $0.path == "purposes.training.retention_days" && $0.location.line == 8 })
        #expect(loaded.problems.contains { $0.path == "kinds.rating.purposes" })
    }

    @Test func aPolicyThatCannotBeAssembledIsStillAnError() {
        let missing = PolicyLoaderTests.minimal.replacingOccurrences(of: "requests: {access_due_days: 30, erasure_due_days: 30}\n", with: "")
        #expect(throws: PolicyError.self) { try PolicyLoader.parseReportingProblems(documents: [("p.yaml", missing)]) }
        #expect(throws: PolicyError.self) { try PolicyLoader.parseReportingProblems(documents: [("p.yaml", "version: [1\n")]) }
        #expect(throws: PolicyError.self) { try PolicyLoader.loadReportingProblems("/nonexistent/policies") }
    }
}
