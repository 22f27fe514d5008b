import ConfideCrypto
import Foundation

/// The store's three secrets: the pepper that pseudonymizes subjects, the master key that
/// wraps per-subject data keys, and the coordinator's Ed25519 signing key for receipts,
/// ledger entries and audit entries.
///
/// They come from the environment when `CONFIDE_PEPPER`, `CONFIDE_MASTER_KEY` and
/// `CONFIDE_SIGNING_KEY` are set (64 hex digits each; all three or none), otherwise from a
/// key file that is created with mode 0600 on first use (see ``KeyFile``).
public struct StoreKeys: Sendable {
    /// The environment variable holding the pepper (64 hex digits).
    public static let pepperVariable = "CONFIDE_PEPPER"
    /// The environment variable holding the master key (64 hex digits).
    public static let masterKeyVariable = "CONFIDE_MASTER_KEY"
    /// The environment variable holding the Ed25519 seed of the signing key (64 hex digits).
    public static let signingKeyVariable = "CONFIDE_SIGNING_KEY"

    /// Keys subjects' pseudonyms.
    public let pepper: SymmetricKey
    /// Wraps per-subject data keys.
    public let masterKey: SymmetricKey
    /// Signs receipts and chain entries.
    public let signingKey: IdentityKey

    /// Creates keys from their parts.
    public init(pepper: SymmetricKey, masterKey: SymmetricKey, signingKey: IdentityKey) {
        self.pepper = pepper
        self.masterKey = masterKey
        self.signingKey = signingKey
    }

    /// Fresh random keys (for tests and first use).
    public static func generate() throws -> StoreKeys {
        try StoreKeys(pepper: SymmetricKey(), masterKey: SymmetricKey(), signingKey: IdentityKey())
    }

    /// The keys from the environment if it sets them, otherwise from `keyFile`, which is
    /// created with fresh keys and mode 0600 if it does not exist yet.
    public static func load(keyFile: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(StoreError) -> StoreKeys {
        if let keys = try fromEnvironment(environment) { return keys }
        return try KeyFile(path: keyFile).loadOrCreate()
    }

    /// The keys from the environment, `nil` when none of the three variables is set.
    public static func fromEnvironment(_ environment: [String: String]) throws(StoreError) -> StoreKeys? {
        let names = [pepperVariable, masterKeyVariable, signingKeyVariable]
        let present = names.filter { environment[$0] != nil }
        if present.isEmpty { return nil }
        guard present.count == names.count else {
            let missing = names.filter { environment[$0] == nil }.joined(separator: ", ")
            throw StoreError(.keys, "set all three key variables or none; missing: \(missing)")
        }
        var secrets: [SecureBytes] = []
        for name in names {
            var bytes = Array(environment[name]!.utf8)
            defer { bytes.withUnsafeMutableBytes { SecureBytes.zero($0) } }
            secrets.append(try KeyFile.decodeKey(bytes, name: name, source: "the environment"))
        }
        return try assemble(secrets, source: "the environment")
    }

    static func assemble(_ secrets: [SecureBytes], source: String) throws(StoreError) -> StoreKeys {
        do {
            return StoreKeys(pepper: try SymmetricKey(secrets[0]), masterKey: try SymmetricKey(secrets[1]),
                             signingKey: try IdentityKey(seed: secrets[2]))
        } catch {
            throw StoreError(.keys, "the keys from \(source) are unusable: \(error)")
        }
    }
}
