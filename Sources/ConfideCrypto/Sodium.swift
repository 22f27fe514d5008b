import CSodium

/// The one place libsodium is initialised.
///
/// `sodium_init` is called exactly once, lazily and thread-safely (Swift runs a static
/// initialiser once), the first time any ConfideCrypto type is created.
/// Random bytes come from libsodium's internal ChaCha20 generator, seeded from the kernel.
enum Sodium {
    private static let initialized: Bool = {
        // libsodium's own user-space generator (ChaCha20, seeded and reseeded from the
        // kernel, state per thread) instead of one getrandom system call per request;
        // it must be chosen before sodium_init.
        _ = confide_use_internal_randombytes()
        return sodium_init() >= 0
    }()

    /// Throws if libsodium could not be initialised.
    static func ensureInitialized() throws {
        guard initialized else {
            throw CryptoError(.initializationFailed, "sodium_init failed: the system entropy source is unavailable")
        }
    }
}
