import ConfideCoordinator
import ConfideProtocol
import ConfideStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Admin requests leave no trace of unknown subjects, and erasure is idempotent")
struct AdminTraceTests {
    @Test("Export, erase and consent lookup of a subject the store does not hold answer 404 and store nothing naming them")
    func unknownSubject() async throws {
        try await BadInputTests.withDevice { fixture, caller in
            let stranger = try fixture.store.pseudonym(for: "never-seen@example.com")
            for path in ["/admin/v1/subjects/export", "/admin/v1/subjects/erase", "/admin/v1/consent/show"] {
                let response = try await caller.admin(.post, path, json: #"{"subject":"never-seen@example.com"}"#)
                #expect(response.status == .notFound, "\(path) → \(response.status)")
            }
            #expect(try await !fixture.store.holdsData(on: stranger))
            #expect(try await fixture.store.erasure(of: stranger) == nil)
            #expect(try await fixture.store.erasureReceipts().isEmpty)
            let entries = try await fixture.store.auditEntries()
            #expect(!entries.contains { $0.payload?.subject == stranger })
            #expect(entries.filter { $0.payload?.details["result"] == "unknown subject" }.count == 3)
        }
    }

    @Test("Erasing twice through the API returns the same receipt and creates no second request or tombstone")
    func idempotentErasure() async throws {
        try await BadInputTests.withDevice { fixture, caller in
            let first = try await caller.admin(.post, "/admin/v1/subjects/erase", json: #"{"subject":"subject-1"}"#)
            #expect(first.status == .ok)
            let second = try await caller.admin(.post, "/admin/v1/subjects/erase", json: #"{"subject":"subject-1"}"#)
            #expect(second.status == .ok)
            let decoder = StoreJSON.decoder()
            let one = try decoder.decode(ErasureOutcome.self, from: Data(first.body.readableBytesView))
            let two = try decoder.decode(ErasureOutcome.self, from: Data(second.body.readableBytesView))
            #expect(one.receipt == two.receipt && !one.alreadyErased && two.alreadyErased)
            #expect(try await fixture.store.erasureReceipts().count == 1)
            #expect(try await !fixture.store.holdsData(on: fixture.store.pseudonym(for: "subject-1")))
        }
    }

    @Test("A group- or world-readable admin token file is refused")
    func tokenFilePermissions() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("confide-token-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(CoordinatorFixture.adminToken.utf8).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        #expect(throws: ConfigurationError.self) { try AdminToken.load(file: file.path, environment: [:]) }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        #expect(try AdminToken.load(file: file.path, environment: [:])?.matches(CoordinatorFixture.adminToken) == true)
    }
}
