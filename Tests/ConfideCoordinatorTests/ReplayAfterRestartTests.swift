import ConfideCoordinator
import ConfideCrypto
import ConfideProtocol
import ConfideStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("A request captured before a restart cannot be replayed after it")
struct ReplayAfterRestartTests {
    @Test("Requests signed before the coordinator started are refused; fresh ones are accepted")
    func replayAfterRestart() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("confide-replay-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try await CoordinatorFixture.make(storeFolder: folder)
        let body = Array(#"{"purpose":"recommendations","granted":true,"channel":"app","method":"toggle"}"#.utf8)
        let (identity, captured): (IdentityKey, [(String, String)]) = try await first.coordinator.application().test(.router) { client in
            let caller = try SignedCaller(client: client)
            #expect(try await caller.register(subject: "replayed").status == .created)
            let headers = try caller.signer.headers(method: "POST", target: Routes.consent, body: body)
            #expect(try await caller.send(.post, Routes.consent, headers: headers, body: body).status == .created)
            #expect(try await caller.send(.post, Routes.consent, headers: headers, body: body).status == .conflict)
            return (caller.identity, headers)
        }
        await first.close()
        try await Task.sleep(for: .milliseconds(5))

        let second = try await CoordinatorFixture.make(storeFolder: folder, keys: first.keys)
        let entriesBefore = try await second.store.auditEntries().count
        try await second.coordinator.application().test(.router) { client in
            let caller = try SignedCaller(client: client, identity: identity)
            let replay = try await caller.send(.post, Routes.consent, headers: captured, body: body)
            #expect(replay.status == .unauthorized, "a captured request was accepted again after the restart")
            #expect(try await caller.signed(.post, Routes.consent, body: body).status == .created)
        }
        // Only the fresh request wrote anything.
        let subject = try second.store.pseudonym(for: "replayed")
        let grants = try await second.store.consentHistory(subject: subject).filter { $0.payload?.action == .grant }
        #expect(grants.count == 2)
        #expect(try await second.store.auditEntries().count >= entriesBefore)
        await second.close()
    }
}
