import ConfideTestSupport
import ConfideCrypto
import ConfidePolicy
@testable import ConfideStore
import Foundation
import Testing

/// PII stripping on write and encryption at rest, on every backend.
@Suite struct RecordContractTests {
    @Test(arguments: Backend.all)
    func everyFieldActionIsApplied(_ backend: Backend) async throws {
        try await Fixtures.withStore(backend) { store, _ in
            let subject = try store.pseudonym(for: "alice")
            let records = Fixtures.records(tag: "t1")
            var stored: [String: StoredRecord] = [:]
            for (kind, record) in records { stored[kind] = try await store.ingest(record, kind: kind, subject: subject) }
            let profile = try #require(stored["profile"]).fields
            // drop
            #expect(profile["name"] == nil && profile["phone"] == nil)
            // keep
            #expect(profile["gender"] == .string("F") && profile["occupation"] == .string("engineer-t1"))
            // pseudonymize: keyed, stable across records, unreadable
            let email = try #require(profile["email"]?.textValue)
            #expect(email.count == 32 && !email.contains("ada"))
            #expect(email == (try store.pseudonymizer.pseudonym(for: "ada.t1@example.org", domain: "field:email")))
            #expect(profile["user_id"]?.textValue?.count == 32)
            // generalize: age bucket, zip prefix, IP network, timestamp month
            #expect(profile["age"] == .string("30-39"))
            #expect(profile["zip"] == .string("857"))
            #expect(profile["ip"] == .string("203.0.113.0/24"))
            #expect(profile["signup_time"] == .string("2024-03"))
            // redact: free text scanned
            #expect(profile["bio"] == .string("Reach me at [EMAIL] or [PHONE], likes films-t1"))
            let device = try #require(stored["device"]).fields
            #expect(device["ip"] == .string("2001:db8:abcd::/48"))
            #expect(device["last_seen"] == .string("2024-06-01"))
            #expect(device["advertising_id"] == nil)
            let rating = try #require(stored["rating"]).fields
            #expect(rating["timestamp"] == .string("1997-12-04") && rating["review"] == .null)
            let order = try #require(stored["order"]).fields
            #expect(order["ordered_at"] == .string("2025-01-02") && order["shipping_zip"] == .string("75"))
            #expect(order["payment_card"] == nil && order["amount"] == .number(19.5))
            #expect(order["delivery_note"] == .string("Leave at door, call [PHONE]"))
            let message = try #require(stored["support_message"]).fields
            #expect(message["text"] == .string("My card [CARD] was charged twice, IBAN [IBAN]"))
            // What comes back is exactly what was stored.
            let readBack = try await store.records(of: subject)
            #expect(Set(readBack.map(\.fields)) == Set(stored.values.map(\.fields)))
        }
    }

    @Test(arguments: Backend.all)
    func undeclaredFieldsAreRefusedAndNothingIsStored(_ backend: Backend) async throws {
        try await Fixtures.withStore(backend) { store, _ in
            let subject = try store.pseudonym(for: "bob")
            var record = try #require(Fixtures.records(tag: "u")["profile"])
            record["shoe_size"] = .integer(44)
            record["favourite_colour"] = .string("green")
            let error = await #expect(throws: StoreError.self) { try await store.ingest(record, kind: "profile", subject: subject) }
            #expect(error?.kind == .undeclaredField)
            #expect(error?.message.contains("'profile'") == true)
            #expect(error?.message.contains("'favourite_colour', 'shoe_size'") == true)
            let unknown = await #expect(throws: StoreError.self) { try await store.ingest(["x": .integer(1)], kind: "diary", subject: subject) }
            #expect(unknown?.kind == .unknownKind)
            let nested = await #expect(throws: StoreError.self) {
                try await store.ingest(["bio": .object(["a": .integer(1)])], kind: "profile", subject: subject)
            }
            #expect(nested?.kind == .invalidRecord)
            let badAge = await #expect(throws: StoreError.self) { try await store.ingest(["age": .string("old")], kind: "profile", subject: subject) }
            #expect(badAge?.kind == .invalidRecord && badAge?.message.contains("'age'") == true && badAge?.message.contains("old") == false)
            #expect(try await store.records(of: subject).isEmpty)
            #expect(try await store.auditEntries().isEmpty)
        }
    }

    @Test(arguments: Backend.all)
    func payloadsAreEncryptedAndBoundToTheirRow(_ backend: Backend) async throws {
        try await Fixtures.withStore(backend) { store, _ in
            let alice = try store.pseudonym(for: "alice"), bob = try store.pseudonym(for: "bob")
            let record = try await store.ingest(["occupation": .string("lighthouse-keeper-7f3a")], kind: "profile", subject: alice)
            _ = try await store.ingest(["occupation": .string("baker")], kind: "profile", subject: bob)
            #expect(try await store.cellsContaining("lighthouse-keeper-7f3a").isEmpty)
            // Moving Alice's record to Bob behind the store's back makes it unreadable, not Bob's.
            try await store.rawExecute("UPDATE records SET subject = '\(bob.value)' WHERE id = '\(record.id)'")
            let error = await #expect(throws: StoreError.self) { try await store.records(of: bob) }
            #expect(error?.kind == .integrity)
        }
    }
}
