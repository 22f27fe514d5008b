import ConfideTestSupport
import ConfideCrypto
@testable import ConfideStore
import Foundation
import SQLKit
import Testing

/// Edits made behind the store's back are found by `verify`, which names the first broken entry.
@Suite struct IntegrityContractTests {
    /// A store with five consent entries and their audit entries.
    static func seeded(_ store: ConfideStore) async throws {
        for (index, name) in ["a", "b", "c", "d", "e"].enumerated() {
            try await store.grantConsent(subject: try store.pseudonym(for: name), purpose: "segmentation", channel: "app",
                                         method: "checkbox", at: Fixtures.day(Double(index)))
        }
        let before = try await store.verify()
        #expect(before.isIntact && before.consent.entries == 5 && before.audit.entries == 5)
    }

    @Test(arguments: Backend.all)
    func editingAConsentEntryIsDetectedAtThatEntry(_ backend: Backend) async throws {
        try await Fixtures.withStore(backend) { store, _ in
            try await Self.seeded(store)
            try await store.rawExecute("UPDATE consent_ledger SET action = 'withdraw' WHERE seq = 3")
            let report = try await store.verify()
            #expect(report.consent.firstBroken?.seq == 3)
            #expect(report.consent.firstBroken?.reason.contains("edited") == true)
            #expect(report.audit.isIntact)
        }
    }

    @Test(arguments: Backend.all)
    func editingAnAuditEntryIsDetectedAtThatEntry(_ backend: Backend) async throws {
        try await Fixtures.withStore(backend) { store, _ in
            try await Self.seeded(store)
            try await store.rawExecute("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2")
            let report = try await store.verify()
            #expect(report.audit.firstBroken?.seq == 2)
            #expect(report.consent.isIntact)
        }
    }

    @Test(arguments: Backend.all)
    func removingOrRehashingEntriesIsDetected(_ backend: Backend) async throws {
        try await Fixtures.withStore(backend) { store, _ in
            try await Self.seeded(store)
            // A removed entry in the middle.
            try await store.rawExecute("DELETE FROM consent_ledger WHERE seq = 2")
            #expect(try await store.verify().consent.firstBroken?.seq == 3)
        }
        try await Fixtures.withStore(backend) { store, _ in
            try await Self.seeded(store)
            // A removed last entry: only the chain's head notices.
            try await store.rawExecute("DELETE FROM consent_ledger WHERE seq = 5")
            let report = try await store.verify()
            #expect(report.consent.firstBroken?.seq == 5)
            #expect(report.consent.firstBroken?.reason.contains("head") == true)
        }
        try await Fixtures.withStore(backend) { store, _ in
            try await Self.seeded(store)
            // An edit whose hashes are recomputed (without the signing key) is caught by the signature.
            let row = try #require(try await store.consentEntries().first { $0.seq == 4 }?.payload)
            var fields = ConfideStore.consentFields(row)
            fields[2] = "withdraw"
            let salt = [UInt8](repeating: 7, count: 16)
            let payloadHash = try HashChain.consent.payloadHash(salt: salt, fields: fields)
            let previous = try #require(try await store.consentEntries().first { $0.seq == 3 })
            let entryHash = try HashChain.consent.entryHash(seq: 4, previous: try Hex.decode(previous.entryHash), payloadHash: payloadHash)
            try await store.rawExecute("""
                UPDATE consent_ledger SET action = 'withdraw', salt = \(bind: Data(salt)), payload_hash = \(bind: Data(payloadHash)),
                entry_hash = \(bind: Data(entryHash)) WHERE seq = 4
                """)
            let report = try await store.verify()
            #expect(report.consent.firstBroken?.seq == 4)
            #expect(report.consent.firstBroken?.reason.contains("signature") == true)
        }
    }

    @Test(arguments: Backend.all)
    func redactingOutsideAnErasureIsDetected(_ backend: Backend) async throws {
        try await Fixtures.withStore(backend) { store, _ in
            try await Self.seeded(store)
            try await store.rawExecute("""
                UPDATE consent_ledger SET salt = NULL, subject = NULL, purpose = NULL, action = NULL, policy_version = NULL,
                notice_hash = NULL, channel = NULL, method = NULL, recorded_at = NULL, expires_at = NULL WHERE seq = 2
                """)
            let report = try await store.verify()
            #expect(report.consent.firstBroken?.seq == 2)
            #expect(report.consent.firstBroken?.reason.contains("outside an erasure") == true)
        }
    }
}
