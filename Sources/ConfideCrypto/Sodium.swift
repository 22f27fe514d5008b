import CSodium

/// The one place libsodium is initialised.
///
/// `sodium_init` is called exactly once, lazily and thread-safely (Swift runs a static
/// initialiser once), the first time any ConfideCrypto type is created.
enum Sodium {
    private static let initialized: Bool = sodium_init() >= 0

    /// Throws if libsodium could not be initialised.
    static func ensureInitialized() throws {
        guard initialized else {
            throw CryptoError(.initializationFailed, "sodium_init failed: the system entropy source is unavailable")
        }
    }
}
