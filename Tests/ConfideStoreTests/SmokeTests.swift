import ConfidePolicy
@testable import ConfideStore
import Foundation
import Testing

@Suite struct SmokeTests {
    @Test(arguments: Backend.all)
    func ingestAndExport(_ backend: Backend) async throws {
        try await Fixtures.withStore(backend) { store, _ in
            let subject = try store.pseudonym(for: "subject-1")
            for (kind, record) in Fixtures.records(tag: "a") {
                try await store.ingest(record, kind: kind, subject: subject)
            }
            _ = try await store.grantConsent(subject: subject, purpose: "segmentation", channel: "app", method: "checkbox")
            let export = try await store.export(subject: subject)
            #expect(export.records.count == 5)
            let report = try await store.verify()
            #expect(report.isIntact)
            let outcome = try await store.erase(subject: subject)
            #expect(!outcome.alreadyErased)
            let again = try await store.verify()
            #expect(again.isIntact, "\(again)")
        }
    }
}
