import ConfideTestSupport
import ConfideCrypto
@testable import ConfideStore
import Foundation
import Testing

/// The consent ledger: status now and at past instants, withdrawal, expiry and receipts.
@Suite struct ConsentContractTests {
    @Test(arguments: Backend.all)
    func statusAtPastInstantsFollowsGrantsAndWithdrawals(_ backend: Backend) async throws {
        try await Fixtures.withStore(backend) { store, _ in
            let subject = try store.pseudonym(for: "carol")
            try await store.grantConsent(subject: subject, purpose: "segmentation", channel: "app", method: "checkbox", at: Fixtures.day(1))
            try await store.withdrawConsent(subject: subject, purpose: "segmentation", channel: "web", method: "toggle", at: Fixtures.day(10))
            try await store.grantConsent(subject: subject, purpose: "segmentation", channel: "app", method: "toggle", at: Fixtures.day(20))
            func state(_ day: Double) async throws -> ConsentStatus.State {
                try await store.consentStatus(subject: subject, purpose: "segmentation", at: Fixtures.day(day)).state
            }
            #expect(try await state(0.5) == .never)
            #expect(try await state(1) == .granted)
            #expect(try await state(9.99) == .granted)
            #expect(try await state(10) == .withdrawn)
            #expect(try await state(15) == .withdrawn)
            #expect(try await state(25) == .granted)
            // The default policy's grants last 365 days.
            #expect(try await state(20 + 365) == .expired)
            #expect(try await store.consentStatus(subject: subject, purpose: "recommendations", at: Fixtures.day(25)).state == .never)
            let status = try await store.consentStatus(subject: subject, purpose: "segmentation", at: Fixtures.day(12))
            #expect(status.since == Fixtures.day(10) && status.seq == 2)
            #expect(try await store.consentHistory(subject: subject).map { $0.payload?.action } == [.grant, .withdraw, .grant])
        }
    }

    @Test(arguments: Backend.all)
    func eligibleCohortIsTheSubjectsWithConsentAtThatInstant(_ backend: Backend) async throws {
        try await Fixtures.withStore(backend) { store, _ in
            let a = try store.pseudonym(for: "a"), b = try store.pseudonym(for: "b"), c = try store.pseudonym(for: "c")
            try await store.grantConsent(subject: a, purpose: "recommendations", channel: "app", method: "checkbox", at: Fixtures.day(1))
            try await store.grantConsent(subject: b, purpose: "recommendations", channel: "app", method: "checkbox", at: Fixtures.day(2))
            try await store.withdrawConsent(subject: b, purpose: "recommendations", channel: "app", method: "checkbox", at: Fixtures.day(5))
            try await store.grantConsent(subject: c, purpose: "segmentation", channel: "app", method: "checkbox", at: Fixtures.day(1))
            #expect(try await store.subjectsWithConsent(purpose: "recommendations", at: Fixtures.day(3)) == [a, b])
            #expect(try await store.subjectsWithConsent(purpose: "recommendations", at: Fixtures.day(6)) == [a])
            #expect(try await store.subjectsWithConsent(purpose: "segmentation", at: Fixtures.day(0)) == [])
        }
    }

    @Test(arguments: Backend.all)
    func receiptsAreSignedByTheCoordinator(_ backend: Backend) async throws {
        try await Fixtures.withStore(backend) { store, _ in
            let subject = try store.pseudonym(for: "dave")
            let receipt = try await store.grantConsent(subject: subject, purpose: "segmentation", channel: "support",
                                                       method: "signed_form", at: Fixtures.day(3))
            #expect(receipt.isValid(publicKey: store.publicKey))
            #expect(!receipt.isValid(publicKey: try IdentityKey().publicKey))
            #expect(receipt.entry.policyVersion == store.policy.version)
            let notice = try #require(store.policy.purpose("segmentation")?.notice)
            #expect(receipt.entry.noticeHash == Hex.encode(try Digest.blake2b256(Array(notice.utf8))))
            #expect(receipt.entry.expiresAt == Fixtures.day(3 + 365))
            // A receipt survives a JSON round trip and still verifies; an edited one does not.
            let decoded = try StoreJSON.decoder().decode(ConsentReceipt.self, from: try StoreJSON.encoder().encode(receipt))
            #expect(decoded.isValid(publicKey: store.publicKey))
            let forged = try StoreJSON.decoder().decode(ConsentReceipt.self, from: Data(
                String(decoding: try StoreJSON.encoder().encode(receipt), as: UTF8.self)
                    .replacingOccurrences(of: "segmentation", with: "recommendations").utf8))
            #expect(!forged.isValid(publicKey: store.publicKey))
        }
    }

    @Test(arguments: Backend.all)
    func consentOnlyForDeclaredConsentPurposesChannelsAndMethods(_ backend: Backend) async throws {
        try await Fixtures.withStore(backend) { store, _ in
            let subject = try store.pseudonym(for: "erin")
            let cases: [(String, String, String, StoreError.Kind)] = [
                ("marketing", "app", "checkbox", .unknownPurpose), ("account", "app", "checkbox", .invalidArgument),
                ("segmentation", "carrier-pigeon", "checkbox", .unknownPurpose), ("segmentation", "app", "nod", .unknownPurpose),
            ]
            for (purpose, channel, method, kind) in cases {
                let error = await #expect(throws: StoreError.self) {
                    try await store.grantConsent(subject: subject, purpose: purpose, channel: channel, method: method)
                }
                #expect(error?.kind == kind)
            }
            #expect(try await store.consentEntries().isEmpty)
        }
    }
}
