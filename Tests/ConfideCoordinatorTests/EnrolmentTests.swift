import ConfideCoordinator
import ConfideCrypto
import ConfideProtocol
import ConfideStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Devices enrol only for the subject an enrolment code names")
struct EnrolmentTests {
    static func withCoordinator(maxDevices: Int = 5, configure: (inout CoordinatorConfiguration) -> Void = { _ in },
                                _ body: @Sendable (CoordinatorFixture, any TestClientProtocol) async throws -> Void) async throws {
        let fixture = try await CoordinatorFixture.make(maxDevicesPerSubject: maxDevices, configure: configure)
        defer { fixture.remove() }
        try await fixture.coordinator.application().test(.router) { client in try await body(fixture, client) }
        await fixture.close()
    }

    @Test("A device registers only with a valid code, its subject is the code's, and a code works once")
    func subjectComesFromTheCode() async throws {
        try await Self.withCoordinator { fixture, client in
            let transport = RouterTransport(client: client)
            let code = try await Enrolment.code(for: "alice@example.com", via: transport)
            let device = try SignedCaller(client: client)
            #expect(try await device.register(code: code).status == .created)
            let record = try #require(try await fixture.store.device(device.signer.device.rawValue))
            #expect(record.subject == (try fixture.store.pseudonym(for: "alice@example.com")))

            // The same code again, for another key: refused, nothing stored.
            let second = try SignedCaller(client: client)
            let reused = try await second.register(code: code)
            #expect(reused.status == .forbidden, "\(reused.status)")
            #expect(try await fixture.store.device(second.signer.device.rawValue) == nil)

            // A made-up code, and the old body naming a subject, are refused too.
            let guessed = try await second.register(code: String(repeating: "0", count: 32))
            #expect(guessed.status == .forbidden)
            let named = try await second.signed(.post, Routes.devices, body: Array(
                #"{"identityPublicKey":"\#(Data(second.identity.publicKey.bytes).base64EncodedString())","subject":"alice@example.com"}"#.utf8))
            #expect(named.status == .badRequest)
            #expect(try await fixture.store.device(second.signer.device.rawValue) == nil)
        }
    }

    @Test("An expired code is refused")
    func expired() async throws {
        try await Self.withCoordinator { fixture, client in
            let subject = try fixture.store.pseudonym(for: "bob")
            let old = try await fixture.store.issueEnrolment(subject: subject, at: Date().addingTimeInterval(-16 * 60))
            let device = try SignedCaller(client: client)
            #expect(try await device.register(code: old.code).status == .forbidden)
            let fresh = try await fixture.store.issueEnrolment(subject: subject)
            #expect(try await device.register(code: fresh.code).status == .created)
        }
    }

    @Test("Codes are stored only as hashes, and minting one is audit-logged")
    func storedAsHash() async throws {
        try await Self.withCoordinator { fixture, client in
            let code = try await Enrolment.code(for: "carol", via: RouterTransport(client: client))
            let file = try Data(contentsOf: fixture.folder.appendingPathComponent("coordinator.sqlite"))
            #expect(file.range(of: Data(code.utf8)) == nil)
            let actions = try await fixture.store.auditEntries().compactMap { $0.payload?.action }
            #expect(actions.contains("admin.enrolment.issue"))
        }
    }

    @Test("A subject may hold at most the policy's number of devices")
    func deviceCap() async throws {
        try await Self.withCoordinator(maxDevices: 2) { fixture, client in
            let transport = RouterTransport(client: client)
            for _ in 0..<2 {
                #expect(try await SignedCaller(client: client).register(subject: "dave").status == .created)
            }
            let third = try SignedCaller(client: client)
            let refused = try await third.register(code: try await Enrolment.code(for: "dave", via: transport))
            #expect(refused.status == .forbidden && String(buffer: refused.body).contains("limit"))
            #expect(try await fixture.store.device(third.signer.device.rawValue) == nil)
            // Another subject is not affected.
            #expect(try await third.register(subject: "erin").status == .created)
        }
    }

    @Test("Registration is rate-limited per source address, with Retry-After")
    func rateLimited() async throws {
        try await Self.withCoordinator(configure: { configuration in
            configuration.registrationLimits.perAddressBurst = 3
            configuration.registrationLimits.perAddressPerSecond = 0.001
        }) { _, client in
            for _ in 0..<3 {
                #expect(try await SignedCaller(client: client).register(subject: "frank-\(UUID())").status == .created)
            }
            let limited = try await SignedCaller(client: client).register(subject: "grace")
            #expect(limited.status == .tooManyRequests && limited.errorCode == "rate_limited")
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
        }
    }

    @Test("The registration body is small and unregistered callers cannot make the server buffer large bodies")
    func smallBodies() async throws {
        try await Self.withCoordinator { fixture, client in
            let caller = try SignedCaller(client: client)
            let big = try await caller.signed(.post, Routes.devices, body: [UInt8](repeating: 0x20, count: 2_048))
            #expect(big.status == .contentTooLarge)
            // An unknown device's 8 MiB body is refused for the unknown id, before the body is read.
            let stranger = try SignedCaller(client: client)
            let flood = try await stranger.signed(.post, Routes.advertise("r1"), body: [UInt8](repeating: 1, count: 8 << 20))
            #expect(flood.status == .unauthorized)
            #expect(fixture.coordinator.configuration.maxOpenBodyBytes <= 4_096)
        }
    }
}
