@testable import ConfideStore
import ConfideTestSupport
import Foundation
import Testing

/// Retention: each kind is kept for the longest retention among its purposes.
@Suite struct RetentionContractTests {
    @Test(arguments: Backend.all)
    func purgeRemovesWhatIsPastRetention(_ backend: Backend) async throws {
        try await Fixtures.withStore(backend) { store, _ in
            let subject = try store.pseudonym(for: "kim")
            // rating: segmentation and recommendations, 365 days; profile: account 730 days.
            try await store.ingest(["rating": .integer(4)], kind: "rating", subject: subject, at: Fixtures.day(0))
            try await store.ingest(["rating": .integer(5)], kind: "rating", subject: subject, at: Fixtures.day(100))
            try await store.ingest(["gender": .string("M")], kind: "profile", subject: subject, at: Fixtures.day(0))
            let early = try await store.purge(at: Fixtures.day(364), dryRun: false)
            #expect(early.total == 0)
            let dry = try await store.purge(at: Fixtures.day(400), dryRun: true)
            #expect(dry.expired == ["rating": 1] && dry.dryRun)
            #expect(try await store.records(of: subject).count == 3)
            let real = try await store.purge(at: Fixtures.day(400))
            #expect(real.expired == ["rating": 1])
            #expect(try await store.records(of: subject).map(\.kind).sorted() == ["profile", "rating"])
            #expect(try await store.purge(at: Fixtures.day(731)).expired == ["rating": 1, "profile": 1])
            #expect(try await store.records(of: subject).isEmpty)
            #expect(try await store.auditEntries().contains { $0.payload?.action == "retention.purge" })
            #expect(try await store.verify().isIntact)
        }
    }
}
