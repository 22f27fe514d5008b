import ConfideAggregation
import ConfideCrypto
import ConfideProtocol

/// Signed model documents and work orders, as a device receives them.
///
/// Each input is tried as it is (almost always stopped by the signature) and again with
/// its last 64 bytes replaced by the coordinator's signature of the rest, so the fuzzer
/// reaches the parser behind the signature check. A parsed work order's attachment goes
/// to ``RoundConfiguration/init(serialized:)``, as the device does.
enum ModelDocumentTarget {
    static func run(_ bytes: [UInt8]) {
        guard let key = FuzzKeys.coordinator else { return }
        _ = try? ModelDocument(verifying: bytes, with: key.publicKey)
        let signatureLength = IdentityPublicKey.signatureByteCount
        guard bytes.count >= signatureLength, let signature = try? key.signature(for: Array(bytes.dropLast(signatureLength))) else {
            return
        }
        let resigned = Array(bytes.dropLast(signatureLength)) + signature
        guard let document = try? ModelDocument(verifying: resigned, with: key.publicKey) else { return }
        if !document.attachment.isEmpty { _ = try? RoundConfiguration(serialized: document.attachment) }
    }

    static func seeds() throws -> [(name: String, bytes: [UInt8])] {
        guard let key = FuzzKeys.coordinator else { return [] }
        let model = ModelDocument(task: "kmeans", version: 3, metadata: ["features": "movielens-user-v1", "clusters": "2"],
                                  parameters: [0.5, -1.25, 3e-7, 42])
        let fixture = try SecAggFixture.shared()
        let work = RoundWork(kind: .kmeansStep, vectorLength: 8, features: .movieLensUser, clusters: 2, sets: 1,
                             featureClamp: 3, errorScale: 0.1, countScale: 1)
        let order = ModelDocument(task: "kmeans", version: 3, round: "7", work: work, parameters: [1, 2, 3, 4],
                                  attachment: fixture.configuration.serialized())
        let empty = ModelDocument(task: "stats", version: 0, parameters: [])
        return [("model", try model.signed(by: key)), ("work-order", try order.signed(by: key)), ("empty", try empty.signed(by: key))]
    }
}
