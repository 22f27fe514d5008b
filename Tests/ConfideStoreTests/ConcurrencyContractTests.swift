@testable import ConfideStore
import ConfideTestSupport
import Foundation
import Testing

/// Many tasks writing at once: nothing lost, the chains stay one unbroken sequence.
@Suite struct ConcurrencyContractTests {
    @Test(arguments: Backend.all)
    func concurrentWritersKeepEveryWriteAndIntactChains(_ backend: Backend) async throws {
        try await Fixtures.withStore(backend) { store, _ in
            let writers = 16, perWriter = 6
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<writers {
                    group.addTask {
                        // Pairs of writers share a subject, so first data keys race too.
                        let subject = try store.pseudonym(for: "writer-\(writer / 2)")
                        for step in 0..<perWriter {
                            try await store.ingest(["rating": .integer(Int64(step % 5 + 1)), "movie_id": .integer(Int64(step))],
                                                   kind: "rating", subject: subject)
                            if step % 2 == 0 {
                                try await store.grantConsent(subject: subject, purpose: "recommendations", channel: "app", method: "checkbox")
                            } else {
                                try await store.withdrawConsent(subject: subject, purpose: "recommendations", channel: "app", method: "checkbox")
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let summaries = try await store.recordSummaries()
            #expect(summaries.count == writers * perWriter)
            #expect(Set(summaries.map(\.subject)).count == writers / 2)
            let ledger = try await store.consentEntries()
            #expect(ledger.map(\.seq) == Array(1...Int64(writers * perWriter)))
            let report = try await store.verify()
            #expect(report.isIntact, "\(report)")
            #expect(report.audit.entries == 2 * writers * perWriter)
            for subject in Set(summaries.map(\.subject)) {
                #expect(try await store.records(of: subject).count == 2 * perWriter)
            }
        }
    }
}
