import ConfideCrypto
import ConfideProtocol
import ConfideStore

/// Identity keys of registered devices, read from the store once and cached: every device
/// request needs its key, and keys never change for a device id. Wiped devices are evicted.
///
/// Ids the store does not know are remembered too, so that a flood of requests naming
/// random devices costs a dictionary lookup each, not a database query. Registration
/// clears an id from that set.
actor StoreDeviceDirectory: DeviceDirectory {
    /// Unknown ids remembered at most; the set is emptied when full.
    static let maxUnknown = 100_000

    private let store: ConfideStore
    private var keys: [DeviceID: IdentityPublicKey] = [:]
    private var unknown: Set<DeviceID> = []

    init(store: ConfideStore) {
        self.store = store
    }

    func identity(of device: DeviceID) async throws -> IdentityPublicKey? {
        if let key = keys[device] { return key }
        if unknown.contains(device) { return nil }
        guard let record = try await store.device(device.rawValue), record.status != .wiped,
              let key = record.identityKey else {
            if unknown.count >= Self.maxUnknown { unknown.removeAll(keepingCapacity: true) }
            unknown.insert(device)
            return nil
        }
        keys[device] = key
        return key
    }

    /// Records a device that just registered.
    func registered(_ device: DeviceID, identity: IdentityPublicKey) {
        unknown.remove(device)
        keys[device] = identity
    }

    /// Forgets `device` (after it confirmed its wipe).
    func evict(_ device: DeviceID) {
        keys.removeValue(forKey: device)
    }
}
