import ConfideCrypto

/// Fixed identity keys derived from constant seeds, so a saved input replays against the
/// same keys in every process.
enum FuzzKeys {
    /// The identity key derived from a seed of 32 copies of `byte`.
    static func identity(_ byte: UInt8) throws -> IdentityKey {
        try IdentityKey(seed: SecureBytes(copying: [UInt8](repeating: byte, count: IdentityKey.seedByteCount)))
    }

    /// The coordinator's key in the model-document and signed-header targets.
    static let coordinator: IdentityKey? = try? identity(0xC0)
}

/// Splits `bytes` at the first `count - 1` newlines; the last part keeps the rest.
func splitFields(_ bytes: [UInt8], count: Int) -> [[UInt8]] {
    Array(bytes.split(separator: 0x0A, maxSplits: count - 1, omittingEmptySubsequences: false).map(Array.init))
}
