import ConfideAggregation
import ConfideProtocol
import Foundation
import Testing
@testable import ConfideFuzzTargets

/// The targets only explore what lies behind a signature if their seeds pass it: these
/// tests keep the harness in step with the protocol's signing.
@Suite("Fuzz harness")
struct FuzzHarnessTests {
    @Test("Re-signing an honest message reproduces its signature (Ed25519 is deterministic)")
    func resigningMatchesTheProtocol() throws {
        let fixture = try SecAggFixture.shared()
        let signed = ["advertise-keys", "share-keys", "masked-input", "unmask-response"]
        for name in signed {
            let bytes = try #require(fixture.messages.first { $0.name == name }?.bytes)
            #expect(fixture.resigned(bytes, sender: 0) == bytes, "\(name)")
        }
    }

    @Test("The signed-header seeds verify under the target's identity")
    func headerSeedsVerify() throws {
        let identity = try #require(FuzzKeys.coordinator)
        for seed in try FuzzTarget.signedHeaders.seeds() {
            let fields = seed.bytes.split(separator: 0x0A, maxSplits: 6, omittingEmptySubsequences: false)
                .map { String(decoding: $0, as: UTF8.self) }
            let names = [RequestAuthentication.deviceHeader, RequestAuthentication.timestampHeader,
                         RequestAuthentication.nonceHeader, RequestAuthentication.signatureHeader]
            let headers = Dictionary(uniqueKeysWithValues: zip(names, fields))
            let parsed = try SignedRequestHeaders(header: { headers[$0] })
            try parsed.verify(method: fields[4], target: fields[5], body: Array(fields[6].utf8),
                              identity: identity.publicKey, now: SignedHeadersTarget.now)
        }
    }

    @Test("The model-document seeds verify, and a work order carries a configuration")
    func documentSeedsVerify() throws {
        let key = try #require(FuzzKeys.coordinator).publicKey
        for seed in try FuzzTarget.modelDocument.seeds() {
            let document = try ModelDocument(verifying: seed.bytes, with: key)
            if seed.name == "work-order" { _ = try RoundConfiguration(serialized: document.attachment) }
        }
    }

    @Test("Every request-body seed decodes as the type its selector byte picks")
    func bodySeedsDecode() throws {
        for seed in RequestBodyTarget.seeds() {
            let type = RequestBodyTarget.types[Int(seed.bytes[0]) % RequestBodyTarget.types.count]
            _ = try type.decode(from: Array(seed.bytes.dropFirst()))
        }
    }
}
