@testable import ConfideAudit
import ConfideTestSupport
import ConfidePolicy
@testable import ConfideStore
import Foundation
import Testing

/// The reports a privacy team reads: several findings grouped by severity, statistics that
/// add up, the JSON schema, well-formed HTML and aligned text.
@Suite struct ReportTests {
    /// The baseline plus a withdrawal ignored by a round, an overdue request, a record past
    /// retention and a late erasure: findings of three severities.
    static func mixedReport(_ backend: Backend) async throws -> (AuditReport, Baseline) {
        try await AuditFixtures.withStore(backend) { store in
            let baseline = try await Baseline.seed(store)
            try await Baseline.round(store, task: .kmeans, participants: Array(baseline.participants.suffix(2)))
            let x = try store.pseudonym(for: "subject-x"), y = try store.pseudonym(for: "subject-y")
            try await store.receiveRequest(.access, subject: x, at: AuditFixtures.day(-45))
            try await store.ingest(["occupation": .string("baker")], kind: "profile", subject: y, at: AuditFixtures.day(-900))
            let erasure = try await store.receiveRequest(.erasure, subject: y, at: AuditFixtures.day(-40))
            try await store.ingest(["occupation": .string("cook")], kind: "profile", subject: x, at: AuditFixtures.day(-800))
            try await store.erase(subject: y, at: AuditFixtures.day(-8), requestID: erasure.id)
            return (try await AuditFixtures.audit(store), baseline)
        }
    }

    @Test(arguments: Backend.all)
    func findingsAreOrderedBySeverityAndCountedPerCheck(_ backend: Backend) async throws {
        let (report, _) = try await Self.mixedReport(backend)
        #expect(report.findings.map(\.code) == [.consentWithdrawn, .requestOverdue, .retentionExceeded, .requestLate])
        #expect(report.totals.findings == 4 && report.totals.critical == 1 && report.totals.high == 2 && report.totals.medium == 1)
        #expect(report.checks.first { $0.check == .requests }?.findings == 2)
        try AuditSchema.validate(report)

        let html = HTMLReportRenderer().render(report)
        let elements = try WellFormedXML.check(html)
        #expect(!elements.contains("script") && !elements.contains("link") && !elements.contains("img"), "self-contained")
        // The only addresses are XML namespace names, which nothing fetches.
        #expect(html.components(separatedBy: "http").count == html.components(separatedBy: "http://www.w3.org/").count)
        #expect(html.contains("@media print"))
        let critical = try #require(html.range(of: "class=\"critical\"><span class=\"badge\">critical")).lowerBound
        let high = try #require(html.range(of: "class=\"high\"><span class=\"badge\">high")).lowerBound
        let medium = try #require(html.range(of: "class=\"medium\"><span class=\"badge\">medium")).lowerBound
        #expect(critical < high && high < medium)
        for finding in report.findings { #expect(html.contains(escapedForHTML(finding.message))) }
        #expect(html.contains("<svg") && html.contains("id=\"privacy-budget\"") && html.contains("id=\"requests\""))
    }

    @Test(arguments: Backend.all)
    func statisticsCountConsentRequestsAndBudget(_ backend: Backend) async throws {
        let (report, _) = try await Self.mixedReport(backend)
        let statistics = report.statistics
        let segmentation = try #require(statistics.consent.first { $0.purpose == "segmentation" })
        // Five grants (e's redacted by its erasure are not counted), one withdrawal by d.
        #expect(segmentation.grants == 4 && segmentation.withdrawals == 1 && segmentation.subjects == 4)
        #expect(segmentation.grantedNow == 3 && segmentation.withdrawnNow == 1 && segmentation.expiredNow == 0)
        #expect(segmentation.period == "day" && segmentation.timeline.count == 11)
        #expect(segmentation.timeline.first?.grants == 4 && segmentation.timeline.first?.granted == 4)
        #expect(segmentation.timeline[6].withdrawals == 1 && segmentation.timeline[6].granted == 3)
        #expect(statistics.consent.map(\.purpose) == ["segmentation", "recommendations"])

        let access = try #require(statistics.requests.first { $0.kind == "access" })
        #expect(access.received == 2 && access.completed == 1 && access.open == 1 && access.overdue == 1 && access.completedLate == 0)
        #expect(access.medianDays == 0 && access.dueDays == 30)
        let erasure = try #require(statistics.requests.first { $0.kind == "erasure" })
        #expect(erasure.received == 2 && erasure.completed == 2 && erasure.completedLate == 1)
        #expect(erasure.maximumDays.map { abs($0 - 32) < 1e-9 } == true && erasure.medianDays.map { abs($0 - 16) < 1e-9 } == true)

        let budget = statistics.privacyBudget
        #expect(abs(budget.spent - 0.75) < 1e-12 && abs(budget.remaining - 7.25) < 1e-12 && budget.budget == 8)
        #expect(budget.purposes.map(\.purpose) == ["segmentation", "recommendations"])
        #expect(budget.purposes.first?.rounds == 2 && budget.purposes.last?.rounds == 0)
    }

    @Test(arguments: Backend.all)
    func textIsAlignedAndColouredOnlyWhenAsked(_ backend: Backend) async throws {
        let (report, _) = try await Self.mixedReport(backend)
        let plain = TextReportRenderer().render(report)
        #expect(!plain.contains("\u{1B}"))
        #expect(plain.contains("4 findings: 1 critical, 2 high, 1 medium"))
        let table = plain.split(separator: "\n").drop { !$0.hasPrefix("Checks") }.dropFirst().prefix(10).map(String.init)
        // Every row of the checks table starts its second column at the same place.
        let column = try #require(table.first?.range(of: "FINDINGS")).lowerBound.utf16Offset(in: table[0])
        for row in table.dropFirst() {
            let index = row.index(row.startIndex, offsetBy: column)
            #expect(row[row.index(before: index)] == " " && row[index] != " ", "\(row)")
        }
        for line in plain.split(separator: "\n") where !line.contains("…") { #expect(line.count <= 140, "\(line)") }
        let coloured = TextReportRenderer(colour: true).render(report)
        #expect(coloured.contains("\u{1B}[1;31mCRITICAL"))
        #expect(coloured.replacingOccurrences(of: #"\x{1B}\[[0-9;]*m"#, with: "", options: .regularExpression) == plain)
    }

    @Test func countsOfRowsReadInTheSingularAndPlural() {
        #expect(Figures.rows(1, "entries") == "1 entry" && Figures.rows(2, "entries") == "2 entries")
        #expect(Figures.rows(1, "records") == "1 record" && Figures.rows(0, "records") == "0 records" && Figures.rows(1, "rows") == "1 row")
        #expect(Figures.decimal(8) == "8" && Figures.decimal(0.123456) == "0.1235" && Figures.days(1) == "1 day" && Figures.days(2.26) == "2.3 days")
    }

    @Test func theSchemaValidatorRejectsWhatTheSchemaForbids() throws {
        let report = AuditReport(generatedAt: AuditFixtures.day(0), auditedAt: AuditFixtures.day(0), store: "sqlite:x",
                                 policy: .init(version: "1", controller: "C", files: ["p.yaml"]),
                                 checks: AuditCheckID.allCases.map { CheckSummary(check: $0, reads: [.init("rows", 1)], findings: 0) },
                                 findings: [], statistics: AuditStatistics(consent: [], requests: [],
                                                                           privacyBudget: .init(budget: 1, delta: 1e-5, spent: 0, remaining: 1, purposes: [],
                                                                                                recomputedPLD: 0, recomputedRDP: 0)))
        let data = try report.jsonData()
        try AuditSchema.validate(json: data)
        let text = String(decoding: data, as: UTF8.self)
        let broken = [
            text.replacingOccurrences(of: "\"clean\" : true,", with: ""),
            text.replacingOccurrences(of: "\"clean\" : true,", with: "\"clean\" : true, \"extra\" : 1,"),
            text.replacingOccurrences(of: "\"clean\" : true", with: "\"clean\" : \"yes\""),
            text.replacingOccurrences(of: "confide.audit-report.v1", with: "confide.audit-report.v2"),
            text.replacingOccurrences(of: "\"check\" : \"policy\"", with: "\"check\" : \"astrology\""),
            text.replacingOccurrences(of: ".000Z", with: "+02:00"),
        ]
        for document in broken {
            #expect(document != text)
            #expect(throws: AuditSchema.Violation.self) { try AuditSchema.validate(json: Data(document.utf8)) }
        }
    }
}
