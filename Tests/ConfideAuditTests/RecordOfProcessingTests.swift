import ConfideAudit
import ConfidePolicy
import Foundation
import Testing

/// The record of processing activities (GDPR Art. 30(1)) generated from the shipped policy.
@Suite struct RecordOfProcessingTests {
    static let record = RecordOfProcessing(policy: AuditFixtures.policy)

    @Test func everyPurposeIsAnActivityWithEverythingArticle30Asks() throws {
        let record = Self.record
        #expect(record.controller.name == "Confide Demo Ltd" && record.controller.dataProtectionOfficer == "dpo@confide.example")
        #expect(record.activities.map(\.purpose) == ["account", "segmentation", "recommendations", "security"])
        let segmentation = try #require(record.activities.first { $0.purpose == "segmentation" })
        #expect(segmentation.lawfulBasis == "consent" && segmentation.lawfulBasisArticle == "Art. 6(1)(a)")
        #expect(segmentation.subjectCategories == ["app users (film ratings)", "shop customers"])
        #expect(segmentation.dataCategories == ["coarse demographics", "purchase history", "ratings"])
        #expect(segmentation.sources.map(\.kind) == ["profile", "rating", "order"])
        #expect(segmentation.sources.first?.fields.contains("email: pseudonymize") == true)
        #expect(segmentation.retentionDays == 365 && segmentation.trainingTasks == ["stats", "kmeans"])
        #expect(segmentation.recipients.map(\.role) == ["internal", "processor"])
        #expect(segmentation.declaredAt.hasSuffix("default.yaml:24"))
        let security = try #require(record.activities.first { $0.purpose == "security" })
        #expect(security.lawfulBasisArticle == "Art. 6(1)(f)" && security.sources.map(\.kind) == ["device"])
        #expect(record.securityMeasures.count == AuditFixtures.policy.securityMeasures.count + 3)
        #expect(record.securityMeasures.contains { $0.contains("ε = 8") && $0.contains("δ = 1e-05") })
        #expect(record.requestDeadlines == ["access": 30, "erasure": 30])
    }

    @Test func onlyRecipientsOutsideTheEEAAreTransfers() throws {
        let account = try #require(Self.record.activities.first { $0.purpose == "account" })
        #expect(account.recipients.count == 3)
        #expect(account.transfers.map(\.recipient) == ["Customer support desk"])
        #expect(account.transfers.first?.destination == "United Kingdom")
        #expect(account.transfers.first?.safeguards == "EU adequacy decision for the United Kingdom (2021)")
        let policy = AuditFixtures.variant([("    location: EU\n  - name: Hosting", "    location: Norway\n  - name: Hosting"),
                                            ("    location: EU\n  - name: Customer", "    location: USA\n  - name: Customer")])
        let moved = try #require(RecordOfProcessing(policy: policy).activities.first { $0.purpose == "account" })
        #expect(moved.transfers.map(\.destination) == ["USA", "United Kingdom"])
        #expect(moved.transfers.first?.safeguards == nil)
        #expect(RecordOfProcessing(policy: policy).markdown().contains("Hosting provider (virtual machines and backups) in USA: NO SAFEGUARDS STATED"))
    }

    @Test func markdownAndJSONCarryTheSameRecord() throws {
        let markdown = Self.record.markdown()
        #expect(markdown.hasPrefix("# Record of processing activities\n"))
        for activity in Self.record.activities { #expect(markdown.contains("## Purpose: \(activity.purpose)\n")) }
        #expect(markdown.contains("| Lawful basis | consent (Art. 6(1)(a)) |"))
        #expect(markdown.contains("| Retention | 730 days from storage |"))
        #expect(markdown.contains("| Data protection officer | dpo@confide.example |"))
        let decoded = try JSONDecoder().decode(RecordOfProcessing.self, from: try Self.record.jsonData())
        #expect(decoded == Self.record)
        let object = try #require(try JSONSerialization.jsonObject(with: try Self.record.jsonData()) as? [String: Any])
        #expect(object["format"] as? String == "confide.ropa.v1")
        #expect((object["activities"] as? [[String: Any]])?.first?["lawful_basis_article"] as? String == "Art. 6(1)(b)")
    }
}
