import ConfideCoordinator
import ConfideCrypto
import ConfideProtocol
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Hostile headers and numbers get a 4xx and the coordinator stays up")
struct HostileHeaderTests {
    /// Timestamps an attacker may send: the extremes of Int64, beyond it, and text that is not a number.
    static let hostileTimestamps = ["-9223372036854775808", "9223372036854775807", "-1", "99999999999999999999", "", "abc", " 1",
                             "+1", "1e3", "0x10", "１２３"]

    @Test("Extreme and malformed timestamps on registration and on signed routes", arguments: hostileTimestamps)
    func timestamps(_ value: String) async throws {
        try await BadInputTests.withDevice { _, caller in
            for (method, target) in [(HTTPRequest.Method.post, Routes.devices), (.post, Routes.checkIn), (.get, Routes.model("mf"))] {
                let response = try await caller.signed(method, target, body: method == .post ? Array("{}".utf8) : []) { headers in
                    let index = headers.firstIndex { $0.0 == RequestAuthentication.timestampHeader }!
                    headers[index].1 = value
                }
                #expect((400..<500).contains(Int(response.status.code)), "\(target) with timestamp '\(value)' → \(response.status)")
                #expect(response.errorCode != nil)
            }
            // Still serving.
            #expect(try await caller.signed(.post, Routes.checkIn, body: Array("{}".utf8)).status != .internalServerError)
        }
    }

    @Test("Oversized, truncated and non-hex device, nonce and signature headers are refused")
    func malformedHeaders() async throws {
        try await BadInputTests.withDevice { _, caller in
            let edits: [(String, String)] = [
                (RequestAuthentication.deviceHeader, String(repeating: "a", count: 100_000)),
                (RequestAuthentication.deviceHeader, "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ"),
                (RequestAuthentication.nonceHeader, String(repeating: "0", count: 31)),
                (RequestAuthentication.nonceHeader, String(repeating: "g", count: 32)),
                (RequestAuthentication.signatureHeader, String(repeating: "A", count: 200_000)),
                (RequestAuthentication.signatureHeader, "!!!"),
            ]
            for (name, value) in edits {
                let response = try await caller.signed(.post, Routes.checkIn, body: Array("{}".utf8)) { headers in
                    let index = headers.firstIndex { $0.0 == name }!
                    headers[index].1 = value
                }
                #expect([400, 401].contains(Int(response.status.code)), "\(name) → \(response.status)")
            }
        }
    }

    @Test("The timestamp check cannot overflow, whatever the clock and the header say")
    func freshnessNeverTraps() throws {
        let identity = try IdentityKey()
        let signer = try RequestSigner(identity: identity)
        for stamp: Int64 in [0, 1, Int64.max, Int64.max - 1] {
            let fields = try signer.headers(method: "GET", target: "/x", body: [], timestamp: stamp)
            let headers = try SignedRequestHeaders { name in fields.first { $0.0 == name }?.1 }
            for now: Int64 in [Int64.min, -1, 0, 1_700_000_000_000, Int64.max] {
                #expect(throws: ProtocolError.self) { try headers.checkFreshness(now: now &+ 400_000, notBefore: 0) }
            }
        }
    }

    @Test("A job's numbers outside their ranges get 422 and start nothing", arguments: [
        #"{"task":"mf","rounds":3,"items":10,"stageTimeoutSeconds":1e300}"#,
        #"{"task":"mf","rounds":3,"items":10,"stageTimeoutSeconds":-1}"#,
        #"{"task":"mf","rounds":3,"items":10,"stageTimeoutSeconds":0}"#,
        #"{"task":"mf","rounds":0,"items":10}"#,
        #"{"task":"mf","rounds":10001,"items":10}"#,
        #"{"task":"mf","rounds":3,"items":0}"#,
        #"{"task":"mf","rounds":3,"items":10,"factors":1000}"#,
        #"{"task":"kmeans","rounds":3,"features":"movielens-user-v1","clusters":1}"#,
        #"{"task":"mf","rounds":3,"items":10,"epsilon":-2}"#,
        #"{"task":"mf","rounds":3,"items":10,"epsilon":1e309}"#,
        #"{"task":"mf","rounds":3,"items":10,"samplingRate":0}"#,
        #"{"task":"mf","rounds":9223372036854775808,"items":10}"#,
        #"{"task":"mf","rounds":3,"items":10,"seed":-1}"#,
    ])
    func jobRanges(_ body: String) async throws {
        try await BadInputTests.withDevice { fixture, caller in
            let response = try await caller.admin(.post, "/admin/v1/jobs", json: body)
            #expect([400, 422].contains(Int(response.status.code)), "\(body) → \(response.status)")
            #expect(await fixture.coordinator.engine.jobStatus() == nil)
        }
    }

    @Test("A negative seed is named as out of range, not as malformed JSON")
    func seedMessage() async throws {
        try await BadInputTests.withDevice { _, caller in
            let response = try await caller.admin(.post, "/admin/v1/jobs", json: #"{"task":"mf","rounds":3,"items":10,"seed":-1}"#)
            #expect(String(buffer: response.body).contains("invalid value for field 'seed'"))
        }
    }

    @Test("RFC 3339 dates with a lowercase t, an offset or fractions are accepted")
    func rfc3339() {
        let expected = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
        for text in ["2026-01-01T00:00:00Z", "2026-01-01t00:00:00z", "2026-01-01T01:00:00+01:00", "2025-12-31T19:00:00-05:00",
                     "2026-01-01T00:00:00.000Z"] {
            #expect(RFC3339.date(from: text) == expected, "\(text)")
        }
        for text in ["2026-02-30T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01", "2026-01-01T00:00:00", "x", ""] {
            #expect(RFC3339.date(from: text) == nil, "\(text)")
        }
    }
}
