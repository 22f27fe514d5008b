import ConfideCrypto
import ConfideProtocol
import Foundation
import Testing

@Suite("Signed model documents")
struct ModelDocumentTests {
    @Test("A document round-trips exactly and verifies under the coordinator's key")
    func roundTrip() throws {
        let key = try IdentityKey()
        let work = RoundWork(kind: .mfGradient, vectorLength: 12, items: 2, factors: 5, regularization: 0.1, ratingCap: 1000)
        let document = ModelDocument(task: "mf", version: 7, round: "42", work: work, metadata: ["a": "b"],
                                     parameters: [0.1, -2.5, .pi, 1e-300, -0.0])
        let bytes = try document.signed(by: key)
        let parsed = try ModelDocument(verifying: bytes, with: key.publicKey)
        #expect(parsed == document)
        #expect(parsed.parameters.map(\.bitPattern) == document.parameters.map(\.bitPattern))
    }

    @Test("Any altered byte, a truncation or another key is refused")
    func tampering() throws {
        let key = try IdentityKey()
        let bytes = try ModelDocument(task: "kmeans", version: 1, parameters: [1, 2, 3]).signed(by: key)
        for index in [0, 5, 20, bytes.count - 70, bytes.count - 1] {
            var altered = bytes
            altered[index] ^= 1
            #expect(throws: ProtocolError.self) { try ModelDocument(verifying: altered, with: key.publicKey) }
        }
        #expect(throws: ProtocolError.self) { try ModelDocument(verifying: Array(bytes.prefix(30)), with: key.publicKey) }
        #expect(throws: ProtocolError.self) { try ModelDocument(verifying: bytes, with: IdentityKey().publicKey) }
    }

    @Test("Non-finite parameters are refused even when signed")
    func nonFinite() throws {
        let key = try IdentityKey()
        let bytes = try ModelDocument(task: "mf", version: 0, parameters: [1, .nan]).signed(by: key)
        #expect(throws: ProtocolError.self) { try ModelDocument(verifying: bytes, with: key.publicKey) }
    }
}
