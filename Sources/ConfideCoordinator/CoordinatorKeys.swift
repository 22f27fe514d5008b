import ConfideCrypto
import ConfideStore

/// The coordinator's keys: its long-term Ed25519 identity (from the store's key file),
/// which signs models, work orders and receipts, and an X25519 key generated per process,
/// to which devices seal their masked inputs. The sealing key's public half travels in
/// every signed work order, so devices always seal to the current one.
public struct CoordinatorKeys: Sendable {
    /// Signs everything the coordinator publishes.
    public let identity: IdentityKey
    /// Opens sealed masked inputs.
    public let sealing: AgreementKey

    /// The keys of a coordinator whose store keys are `storeKeys`.
    public init(storeKeys: StoreKeys) throws {
        identity = storeKeys.signingKey
        sealing = try AgreementKey()
    }
}
