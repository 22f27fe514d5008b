import ConfideCrypto
import Foundation

/// What an erasure removed, by table.
public struct ErasureCounts: Hashable, Sendable, Codable {
    /// Records deleted.
    public var records = 0
    /// Data keys destroyed (0 or 1).
    public var subjectKeys = 0
    /// Consent-ledger entries whose payload was removed (their hashes stay).
    public var consentEntriesRedacted = 0
    /// Audit-log entries whose payload was removed (their hashes stay).
    public var auditEntriesRedacted = 0
    /// Devices unlinked from the subject and marked for a wipe.
    public var devicesMarkedForWipe = 0
    /// Participation records deleted.
    public var participations = 0
    /// Earlier requests of the subject deleted.
    public var requests = 0

    /// Creates empty counts.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case records, participations, requests
        case subjectKeys = "subject_keys"
        case consentEntriesRedacted = "consent_entries_redacted"
        case auditEntriesRedacted = "audit_entries_redacted"
        case devicesMarkedForWipe = "devices_marked_for_wipe"
    }
}

/// A signed receipt for an erasure. It names no one: the subject is represented only by a
/// salted commitment that matches their pseudonym and nothing else.
public struct ErasureReceipt: Hashable, Sendable, Codable {
    /// The receipt format.
    public var format = "confide.erasure-receipt.v1"
    /// The controller's name.
    public let controller: String
    /// The tombstone recording the erasure.
    public let tombstoneID: String
    /// The erasure request it completed.
    public let requestID: String
    /// When the request was received.
    public let receivedAt: Date
    /// When the erasure was carried out.
    public let erasedAt: Date
    /// The policy version in force.
    public let policyVersion: String
    /// What was removed.
    public let counts: ErasureCounts
    /// Hex of BLAKE2b(salt, pseudonym): lets the subject (or an audit holding the pseudonym)
    /// recognise the erasure, and nobody else.
    public let subjectCommitment: String
    /// Hex of the coordinator's Ed25519 public key.
    public let publicKey: String
    /// Hex of the signature over the fields above.
    public let signature: String

    enum CodingKeys: String, CodingKey {
        case format, controller, counts, signature
        case tombstoneID = "tombstone_id"
        case requestID = "request_id"
        case receivedAt = "received_at"
        case erasedAt = "erased_at"
        case policyVersion = "policy_version"
        case subjectCommitment = "subject_commitment"
        case publicKey = "public_key"
    }

    static func message(format: String, controller: String, tombstoneID: String, requestID: String, receivedAt: Date,
                        erasedAt: Date, policyVersion: String, counts: ErasureCounts, commitment: String) throws -> [UInt8] {
        let countsText = String(decoding: try StoreJSON.encoder(pretty: false).encode(counts), as: UTF8.self)
        let fields = [format, controller, tombstoneID, requestID, String(Timestamp.milliseconds(receivedAt)),
                      String(Timestamp.milliseconds(erasedAt)), policyVersion, countsText, commitment]
        return try Digest.blake2b256(fields: fields.map { Array($0.utf8) })
    }

    /// Whether the signature is valid under `publicKey`.
    public func isValid(publicKey: IdentityPublicKey) -> Bool {
        guard let signatureBytes = try? Hex.decode(signature),
              let message = try? Self.message(format: format, controller: controller, tombstoneID: tombstoneID,
                                              requestID: requestID, receivedAt: receivedAt, erasedAt: erasedAt,
                                              policyVersion: policyVersion, counts: counts, commitment: subjectCommitment)
        else { return false }
        return publicKey.isValidSignature(signatureBytes, for: message)
    }
}

/// The result of an erasure: the receipt, and whether the subject had already been erased
/// (in which case the receipt is the original one and nothing was changed).
public struct ErasureOutcome: Hashable, Sendable, Codable {
    /// The signed receipt.
    public let receipt: ErasureReceipt
    /// Whether an earlier erasure had already removed everything.
    public let alreadyErased: Bool

    enum CodingKeys: String, CodingKey {
        case receipt
        case alreadyErased = "already_erased"
    }
}
