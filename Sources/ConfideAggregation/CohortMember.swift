import ConfideCrypto

/// One device of a round's cohort: its identifier and the Ed25519 key it signs with.
public struct CohortMember: Hashable, Sendable {
    /// The device's identifier.
    public let id: DeviceID
    /// The device's long-term identity key; every message the device sends is signed with it.
    public let identityKey: IdentityPublicKey

    /// A cohort member.
    public init(id: DeviceID, identityKey: IdentityPublicKey) {
        self.id = id
        self.identityKey = identityKey
    }
}
