import ConfideTestSupport
import ConfideCrypto
@testable import ConfideStore
import Foundation
import Testing

/// Opening, migrating and reopening a store; devices; requests.
@Suite struct LifecycleContractTests {
    @Test(arguments: Backend.all)
    func reopeningKeepsDataAndNewerSchemasAreRefused(_ backend: Backend) async throws {
        let keys = try StoreKeys.generate()
        try await Fixtures.withStore(backend, keys: keys) { store, database in
            let subject = try store.pseudonym(for: "leo")
            try await store.ingest(["gender": .string("X")], kind: "profile", subject: subject)
            let reopened = try await ConfideStore.open(database.location, policy: store.policy, keys: keys, logger: Fixtures.quietLogger)
            #expect(try await reopened.records(of: subject).first?.fields == ["gender": .string("X")])
            #expect(try reopened.pseudonym(for: "leo") == subject)
            try await reopened.rawExecute("INSERT INTO confide_migrations (version, name, applied_at) VALUES (99, 'future', 0)")
            await reopened.close()
            let error = await #expect(throws: StoreError.self) {
                try await ConfideStore.open(database.location, policy: store.policy, keys: keys, logger: Fixtures.quietLogger)
            }
            #expect(error?.kind == .schema)
            // Another master key cannot read the data.
            try await store.rawExecute("DELETE FROM confide_migrations WHERE version = 99")
            let stranger = try await ConfideStore.open(database.location, policy: store.policy,
                                                       keys: StoreKeys(pepper: keys.pepper, masterKey: SymmetricKey(), signingKey: keys.signingKey),
                                                       logger: Fixtures.quietLogger)
            let unreadable = await #expect(throws: StoreError.self) { try await stranger.records(of: subject) }
            #expect(unreadable?.kind == .integrity)
            await stranger.close()
        }
    }

    @Test(arguments: Backend.all)
    func devicesRegisterOnceAndConflictsAreRefused(_ backend: Backend) async throws {
        try await Fixtures.withStore(backend) { store, _ in
            let subject = try store.pseudonym(for: "mia"), other = try store.pseudonym(for: "ned")
            let key = try Fixtures.devicePublicKey()
            let device = try await store.registerDevice("phone-1", subject: subject, publicKey: key)
            #expect(device.status == .active && device.identityKey == key)
            #expect(try await store.registerDevice("phone-1", subject: subject, publicKey: key) == device)
            let conflict = await #expect(throws: StoreError.self) { try await store.registerDevice("phone-1", subject: other, publicKey: key) }
            #expect(conflict?.kind == .conflict)
            let notAsked = await #expect(throws: StoreError.self) { try await store.confirmWipe("phone-1") }
            #expect(notAsked?.kind == .conflict)
            #expect(try await store.devices(of: subject).map(\.deviceID) == ["phone-1"])
        }
    }

    @Test(arguments: Backend.all)
    func requestsHaveDueTimesFromThePolicy(_ backend: Backend) async throws {
        try await Fixtures.withStore(backend) { store, _ in
            let subject = try store.pseudonym(for: "olga")
            let access = try await store.receiveRequest(.access, subject: subject, at: Fixtures.day(0))
            #expect(access.dueAt == Fixtures.day(Double(store.policy.requests.accessDays)))
            #expect(try await store.requests(of: subject) == [access])
            #expect(try await store.allRequests().count == 1)
            #expect(try await store.auditEntries().last?.payload?.action == "request.received")
        }
    }
}
