import ConfideClient
import ConfideCoordinator
import ConfideCrypto
import ConfideProtocol
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Bad input gets a clear 4xx and changes nothing")
struct BadInputTests {
    /// Runs `body` against a fresh coordinator with one registered device.
    static func withDevice(_ body: @Sendable (CoordinatorFixture, SignedCaller) async throws -> Void) async throws {
        let fixture = try await CoordinatorFixture.make()
        defer { fixture.remove() }
        try await fixture.coordinator.application().test(.router) { client in
            let caller = try SignedCaller(client: client)
            #expect(try await caller.register(subject: "subject-1").status == .created)
            try await body(fixture, caller)
        }
        await fixture.close()
    }

    @Test("Unsigned, unknown, forged, stale and replayed device requests are refused")
    func authentication() async throws {
        try await Self.withDevice { _, caller in
            let unsigned = try await caller.send(.post, Routes.checkIn, headers: [])
            #expect(unsigned.status == .unauthorized && unsigned.errorCode == "unauthenticated")

            let stranger = try SignedCaller(client: caller.client)
            #expect(try await stranger.signed(.post, Routes.consent, body: Array(#"{}"#.utf8)).status == .unauthorized)

            let forged = try await caller.signed(.post, Routes.wipe, body: Array(#"{"wipedAt":"2026-01-01T00:00:00Z"}"#.utf8)) { headers in
                let index = headers.firstIndex { $0.0 == RequestAuthentication.signatureHeader }!
                var signature = Array(Data(base64Encoded: headers[index].1)!)
                signature[5] ^= 1
                headers[index].1 = Data(signature).base64EncodedString()
            }
            #expect(forged.status == .unauthorized)

            // The body is covered by the signature: another body under the same headers fails.
            let headers = try caller.signer.headers(method: "POST", target: Routes.consent, body: Array(#"{"a":1}"#.utf8))
            let swapped = try await caller.send(.post, Routes.consent, headers: headers, body: Array(#"{"a":2}"#.utf8))
            #expect(swapped.status == .unauthorized)

            let stale = try caller.signer.headers(method: "POST", target: Routes.checkIn, body: [], timestamp: 1_000)
            #expect(try await caller.send(.post, Routes.checkIn, headers: stale).status == .unauthorized)

            let fresh = try caller.signer.headers(method: "GET", target: Routes.model("mf"), body: [])
            let first = try await caller.send(.get, Routes.model("mf"), headers: fresh)
            #expect(first.status == .notFound)  // no model yet, but the request was accepted
            let replay = try await caller.send(.get, Routes.model("mf"), headers: fresh)
            #expect(replay.status == .conflict && replay.errorCode == "conflict")
        }
    }

    @Test("Malformed JSON, unknown fields and wrong types name the problem")
    func malformedJSON() async throws {
        try await Self.withDevice { _, caller in
            for body in ["{", "[]", #"{"purpose":"recommendations","granted":true,"channel":"app","method":"toggle","extra":1}"#,
                         #"{"purpose":"recommendations","granted":"yes","channel":"app","method":"toggle"}"#] {
                let response = try await caller.signed(.post, Routes.consent, body: Array(body.utf8))
                #expect(response.status == .badRequest, "\(body) → \(response.status)")
            }
            let unknownField = try await caller.signed(.post, Routes.consent, body: Array(
                #"{"purpose":"recommendations","granted":true,"channel":"app","method":"toggle","extra":1}"#.utf8))
            #expect(String(buffer: unknownField.body).contains("unknown field 'extra'"))
            let unknownPurpose = try await caller.signed(.post, Routes.consent, body: Array(
                #"{"purpose":"astrology","granted":true,"channel":"app","method":"toggle"}"#.utf8))
            #expect(unknownPurpose.status == .unprocessableContent)
            // A job request with NaN is not JSON; a rate above 1 is refused with a reason.
            #expect(try await caller.admin(.post, "/admin/v1/jobs", json: #"{"task":"mf","rounds":3,"items":10,"epsilon":NaN}"#).status == .badRequest)
            let rate = try await caller.admin(.post, "/admin/v1/jobs", json: #"{"task":"mf","rounds":3,"items":10,"samplingRate":2}"#)
            #expect(rate.status == .unprocessableContent && String(buffer: rate.body).contains("sampling rate"))
            // An unknown task is not a value of the schema's enum, like an unknown feature set: 400, naming the tasks.
            let task = try await caller.admin(.post, "/admin/v1/jobs", json: #"{"task":"gan","rounds":3}"#)
            #expect(task.status == .badRequest && String(buffer: task.body).contains("'kmeans', 'mf' or 'histogram', got 'gan'"))
            let registration = try await caller.signed(.post, Routes.devices, body: Array(#"{"identityPublicKey":"AAAA","subject":"x"}"#.utf8))
            #expect(registration.status == .badRequest)
        }
    }

    @Test("Oversized bodies are refused with 413")
    func oversized() async throws {
        try await Self.withDevice { fixture, caller in
            let body = [UInt8](repeating: 7, count: fixture.coordinator.configuration.maxBodyBytes + 1)
            let response = try await caller.signed(.post, Routes.advertise("r1"), body: body)
            #expect(response.status == .contentTooLarge && response.errorCode == "too_large")
        }
    }

    @Test("Messages for a round that is not running, or not this device's, are refused")
    func outOfRound() async throws {
        try await Self.withDevice { _, caller in
            let advert = try await caller.signed(.post, Routes.advertise("no-such-round"), body: [1, 2, 3])
            #expect(advert.status == .badRequest || advert.status == .notFound)
            #expect(try await caller.signed(.get, Routes.work("no-such-round")).status == .notFound)
            #expect(try await caller.signed(.get, Routes.unmask("no-such-round")).status == .gone)
            #expect(try await caller.signed(.post, Routes.wipe, body: Array(#"{"wipedAt":"2026-01-01T00:00:00Z"}"#.utf8)).status == .conflict)
        }
    }
}
