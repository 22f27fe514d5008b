import ConfideCrypto
import Foundation

/// A device registered with the coordinator.
public struct DeviceRecord: Hashable, Sendable, Codable {
    /// Whether a device may take part, must wipe itself, or has wiped itself.
    public enum Status: String, Hashable, Sendable, Codable {
        /// Registered and usable.
        case active
        /// Its subject was erased: tell it to wipe its local data at its next check-in.
        case wipePending = "wipe_pending"
        /// It confirmed the wipe; its key is forgotten and it may not register again.
        case wiped
    }

    /// The device's identifier, chosen by the device.
    public let deviceID: String
    /// The subject it belongs to; `nil` once the subject is erased.
    public let subject: Pseudonym?
    /// Hex of its Ed25519 identity public key; `nil` once wiped.
    public let publicKey: String?
    /// When it registered.
    public let registeredAt: Date
    /// Where it stands.
    public let status: Status
    /// When a wipe was ordered.
    public let wipeRequestedAt: Date?
    /// When the device confirmed the wipe.
    public let wipeConfirmedAt: Date?

    /// The identity public key, if still held.
    public var identityKey: IdentityPublicKey? {
        publicKey.flatMap { try? Hex.decode($0) }.flatMap { try? IdentityPublicKey(bytes: $0) }
    }

    enum CodingKeys: String, CodingKey {
        case subject, status
        case deviceID = "device_id"
        case publicKey = "public_key"
        case registeredAt = "registered_at"
        case wipeRequestedAt = "wipe_requested_at"
        case wipeConfirmedAt = "wipe_confirmed_at"
    }
}
