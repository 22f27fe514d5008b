import ConfideTestSupport
import ConfideAudit
import ConfidePolicy
@testable import ConfideStore
import Foundation
import Testing

/// Every check on both backends: the lawful baseline audits clean, and each violation seeded
/// on top of it yields exactly its finding, which the JSON schema accepts and the HTML shows.
@Suite struct AuditCheckTests {
    @Test(arguments: Backend.all)
    func theLawfulBaselineAuditsCleanAndEveryCheckReadsSomething(_ backend: Backend) async throws {
        try await AuditFixtures.withStore(backend) { store in
            _ = try await Baseline.seed(store)
            let report = try await AuditFixtures.audit(store)
            #expect(report.findings.isEmpty, "\(report.findings.map { "\($0.code.rawValue): \($0.message)" })")
            #expect(report.clean && report.totals.findings == 0)
            #expect(report.checks.map(\.check) == AuditCheckID.allCases)
            for check in report.checks {
                #expect(check.passed)
                #expect(check.reads.contains { $0.count > 0 }, "the \(check.check.rawValue) check read nothing")
            }
            let reads = Dictionary(uniqueKeysWithValues: report.checks.flatMap { check in check.reads.map { ("\(check.check.rawValue).\($0.source)", $0.count) } })
            #expect(reads["consent.participations"] == 4 && reads["consent.participations needing consent"] == 4)
            #expect(reads["retention.records"] == 8 && reads["values.records decrypted"] == 8)
            #expect(reads["chains.consent ledger entries verified"] == 11)
            #expect(reads["requests.requests"] == 2 && reads["erasure.devices"] == 5)
            try AuditSchema.validate(report)
        }
    }

    @Test(arguments: Backend.all)
    func followingTheRemediesClearsTheFindings(_ backend: Backend) async throws {
        try await AuditFixtures.withStore(backend) { store in
            _ = try await Baseline.seed(store)
            let subject = try store.pseudonym(for: "subject-x")
            try await store.ingest(["occupation": .string("baker")], kind: "profile", subject: subject, at: AuditFixtures.day(-800))
            try await store.receiveRequest(.access, subject: subject, at: AuditFixtures.day(-40))
            #expect(try await AuditFixtures.audit(store).findings.map(\.code) == [.requestOverdue, .retentionExceeded])
            // Answer the request, purge: what is left is the record of the late answer.
            _ = try await store.export(subject: subject, at: AuditFixtures.day(9))
            #expect(try await store.purge(at: AuditFixtures.day(9)).total == 1)
            let after = try await AuditFixtures.audit(store)
            #expect(after.findings.map(\.code) == [.requestLate])
            #expect(after.statistics.requests.first { $0.kind == "access" }?.open == 0)
        }
    }

    @Test(arguments: Backend.all, Violation.all)
    func aSeededViolationYieldsExactlyItsFinding(_ backend: Backend, _ violation: Violation) async throws {
        try await AuditFixtures.withStore(backend, policy: violation.writerPolicy) { store in
            let baseline = try await Baseline.seed(store)
            let expected = try await violation.seed(store, baseline)
            var policy = AuditFixtures.policy, problems: [PolicyDiagnostic] = []
            if let text = violation.auditPolicyText {
                let loaded = try PolicyLoader.parseReportingProblems(documents: [("policies/default.yaml", text)])
                (policy, problems) = (loaded.policy, loaded.problems)
            }
            let report = try await AuditFixtures.audit(store, policy: policy, problems: problems, at: violation.at)
            #expect(report.findings.map(\.code) == [expected.code], "\(report.findings.map { "\($0.code.rawValue): \($0.message)" })")
            let finding = try #require(report.findings.first)
            #expect(finding.severity == expected.code.severity && finding.check == expected.code.check && !report.clean)
            #expect(finding.affected.subjects == expected.subjects.sorted(), "\(finding.message)")
            #expect(finding.affected.subjectCount == expected.subjects.count)
            #expect(finding.affected.count == expected.count, "\(finding.affected.references)")
            #expect(Set(expected.references).isSubset(of: finding.affected.references), "\(finding.affected.references)")
            #expect(finding.clause.path == expected.clause)
            #expect(finding.clause.file == "policies/default.yaml" && finding.clause.line > 1)
            #expect(finding.message.hasSuffix(".") && finding.remedy.hasSuffix("."))
            let summary = try #require(report.checks.first { $0.check == expected.code.check })
            #expect(summary.findings == 1 && !summary.passed)
            #expect(report.checks.filter { !$0.passed }.count == 1)

            try AuditSchema.validate(report)
            let html = HTMLReportRenderer().render(report)
            try WellFormedXML.check(html)
            #expect(html.contains(finding.code.rawValue) && html.contains(escapedForHTML(finding.message)))
            #expect(html.contains(escapedForHTML(finding.remedy)))
            let text = TextReportRenderer().render(report)
            #expect(text.contains(finding.code.rawValue) && !text.contains("\u{1B}["))
        }
    }
}
