import ConfideCrypto
import Foundation

/// A signed receipt for a consent entry, given to the data subject.
///
/// The signature is Ed25519 by the coordinator over BLAKE2b-256 of the length-prefixed
/// fields listed in ``signedFields``, so anyone with the coordinator's public key can check
/// it (``isValid(publicKey:)``).
public struct ConsentReceipt: Hashable, Sendable, Codable {
    /// The receipt format.
    public var format = "confide.consent-receipt.v1"
    /// The controller's name.
    public let controller: String
    /// The ledger position of the entry.
    public let seq: Int64
    /// Hex of the ledger entry's hash.
    public let entryHash: String
    /// What the entry recorded.
    public let entry: ConsentEntry.Payload
    /// Hex of the coordinator's Ed25519 public key.
    public let publicKey: String
    /// Hex of the signature.
    public let signature: String

    enum CodingKeys: String, CodingKey {
        case format, controller, seq, entry, signature
        case entryHash = "entry_hash"
        case publicKey = "public_key"
    }

    /// The order of the signed fields, for verifiers outside Confide.
    public static let signedFields = [
        "format", "controller", "seq (decimal)", "entry_hash", "subject", "purpose", "action", "policy_version",
        "notice_hash", "channel", "method", "recorded_at (Unix milliseconds)", "expires_at (Unix milliseconds or empty)",
    ]

    static func message(format: String, controller: String, seq: Int64, entryHash: String, entry: ConsentEntry.Payload) throws -> [UInt8] {
        let fields = [format, controller, String(seq), entryHash, entry.subject.value, entry.purpose, entry.action.rawValue,
                      entry.policyVersion, entry.noticeHash, entry.channel, entry.method,
                      String(Timestamp.milliseconds(entry.recordedAt)),
                      entry.expiresAt.map { String(Timestamp.milliseconds($0)) } ?? ""]
        return try Digest.blake2b256(fields: fields.map { Array($0.utf8) })
    }

    static func sign(controller: String, seq: Int64, entryHash: String, entry: ConsentEntry.Payload,
                     key: IdentityKey) throws -> ConsentReceipt {
        let format = "confide.consent-receipt.v1"
        let signature = try key.signature(for: message(format: format, controller: controller, seq: seq, entryHash: entryHash, entry: entry))
        return ConsentReceipt(controller: controller, seq: seq, entryHash: entryHash, entry: entry,
                              publicKey: Hex.encode(key.publicKey.bytes), signature: Hex.encode(signature))
    }

    /// Whether the signature is valid under `publicKey` (the coordinator's, obtained independently).
    public func isValid(publicKey: IdentityPublicKey) -> Bool {
        guard let signatureBytes = try? Hex.decode(signature),
              let message = try? Self.message(format: format, controller: controller, seq: seq, entryHash: entryHash, entry: entry)
        else { return false }
        return publicKey.isValidSignature(signatureBytes, for: message)
    }
}
