import ConfideCrypto
import ConfideProtocol
import ConfideStore

/// Identity keys of registered devices, read from the store once and cached: every device
/// request needs its key, and keys never change for a device id. Wiped devices are evicted.
actor StoreDeviceDirectory: DeviceDirectory {
    private let store: ConfideStore
    private var keys: [DeviceID: IdentityPublicKey] = [:]

    init(store: ConfideStore) {
        self.store = store
    }

    func identity(of device: DeviceID) async throws -> IdentityPublicKey? {
        if let key = keys[device] { return key }
        guard let record = try await store.device(device.rawValue), record.status != .wiped,
              let key = record.identityKey else { return nil }
        keys[device] = key
        return key
    }

    /// Forgets `device` (after it confirmed its wipe).
    func evict(_ device: DeviceID) {
        keys.removeValue(forKey: device)
    }
}
