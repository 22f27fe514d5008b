import ConfideCrypto
import ConfidePolicy
import Foundation
import Logging

/// The privacy storage layer: records stripped by policy and encrypted per subject, the
/// consent ledger, the audit log, data-subject requests, and the coordinator's devices,
/// rounds, participations and model versions, over SQLite or PostgreSQL.
///
/// Subjects are named by ``Pseudonym`` everywhere; call ``pseudonym(for:)`` once at the
/// edge, where a raw identifier arrives. Every method is safe to call from many tasks at
/// once; each runs in its own database transaction.
public final class ConfideStore: Sendable {
    /// The policy the store enforces.
    public let policy: Policy
    /// The coordinator's public key, which verifies receipts and chain signatures.
    public var publicKey: IdentityPublicKey { keys.signingKey.publicKey }
    /// Where the store lives.
    public var location: StoreLocation { database.location }

    let database: StoreDatabase
    let keys: StoreKeys
    let pseudonymizer: Pseudonymizer
    let wrapper: KeyWrapper
    let stripper: RecordStripper
    let actor: String
    let logger: Logger

    private init(database: StoreDatabase, policy: Policy, keys: StoreKeys, actor: String, logger: Logger) {
        self.database = database
        self.policy = policy
        self.keys = keys
        self.actor = actor
        self.logger = logger
        pseudonymizer = Pseudonymizer(key: keys.pepper)
        wrapper = KeyWrapper(masterKey: keys.masterKey)
        stripper = RecordStripper(policy: policy, pseudonymizer: pseudonymizer, scanner: .standard)
    }

    /// Opens the store at `location`, creating and migrating its schema as needed.
    ///
    /// - Parameters:
    ///   - actor: who the audit log names for this store's actions (`cli`, `coordinator`…).
    ///   - logger: receives operational messages only; never personal data or keys.
    public static func open(_ location: StoreLocation, policy: Policy, keys: StoreKeys, actor: String = "confide",
                            logger: Logger = Logger(label: "confide.store")) async throws -> ConfideStore {
        let database = try StoreDatabase(location: location, logger: logger)
        do {
            let version = try await Migrator.migrate(database)
            logger.info("store opened", metadata: ["location": "\(location)", "schema": "\(version)", "backend": "\(database.backend.rawValue)"])
        } catch {
            await database.close()
            throw error
        }
        return ConfideStore(database: database, policy: policy, keys: keys, actor: actor, logger: logger)
    }

    /// Closes the store's connections. The store must not be used afterwards.
    public func close() async {
        await database.close()
    }

    /// The pseudonym of a raw subject identifier. The identifier itself is never stored or logged.
    public func pseudonym(for subjectID: String) throws -> Pseudonym {
        guard !subjectID.isEmpty else { throw StoreError(.invalidArgument, "a subject identifier must not be empty") }
        return Pseudonym(unchecked: try pseudonymizer.pseudonym(for: subjectID, domain: "subject"))
    }

    /// A new random identifier for rows (128 bits, hex).
    static func newIdentifier() throws -> String {
        Hex.encode(try SecureRandom.bytes(count: 16))
    }
}
