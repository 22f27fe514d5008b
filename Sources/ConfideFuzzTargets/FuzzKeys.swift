import ConfideCrypto

/// Fixed identity keys derived from constant seeds, so a saved input replays against the
/// same keys in every process.
enum FuzzKeys {
    /// The identity key derived from a seed of 32 copies of `byte`.
    static func identity(_ byte: UInt8) throws -> IdentityKey {
        try IdentityKey(seed: SecureBytes(copying: [UInt8](repeating: byte, count: IdentityKey.seedByteCount)))
    }

    /// The key that signs model documents (as the coordinator) and requests (as a device) in the targets.
    static let coordinator: IdentityKey? = try? identity(0xC0)
}
