import ArgumentParser
import ConfidePolicy
import ConfideStore
import Foundation
import Logging

/// The options every command that opens the store takes.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: "The database: sqlite:PATH or a postgres:// URL.")
    var database = "sqlite:var/confide.sqlite"

    @Option(name: .customLong("policies"), help: "The folder (or file) of YAML policies.")
    var policies = "policies"

    @Option(name: .customLong("key-file"),
            help: "The key file, created with mode 0600 if missing (default: $CONFIDE_KEY_FILE, else PATH.keys beside an SQLite database, else var/confide.keys). Ignored when CONFIDE_PEPPER, CONFIDE_MASTER_KEY and CONFIDE_SIGNING_KEY are set.")
    var keyFile: String?

    /// The location parsed from `--db`.
    func location() throws -> StoreLocation {
        try StoreLocation(parsing: database)
    }

    /// The key file to use.
    func resolvedKeyFile(for location: StoreLocation) -> String {
        if let keyFile { return keyFile }
        if let fromEnvironment = ProcessInfo.processInfo.environment["CONFIDE_KEY_FILE"] { return fromEnvironment }
        if case .sqlite(let path) = location { return path + ".keys" }
        return "var/confide.keys"
    }

    /// Opens the store, runs `body` with it and closes it again, also when `body` throws.
    func withStore<R>(_ body: (ConfideStore) async throws -> R) async throws -> R {
        let store = try await openStore()
        do {
            let result = try await body(store)
            await store.close()
            return result
        } catch {
            await store.close()
            throw error
        }
    }

    /// Loads the policies and opens the store, creating the SQLite folder if needed.
    func openStore() async throws -> ConfideStore {
        try await openStoreAndKeys().store
    }

    /// Opens the store and returns it with the keys it was opened with (the coordinator signs with them).
    func openStoreAndKeys() async throws -> (store: ConfideStore, keys: StoreKeys) {
        let policy = try PolicyLoader.load(policies)
        let location = try location()
        if case .sqlite(let path) = location {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        }
        let keys = try StoreKeys.load(keyFile: resolvedKeyFile(for: location))
        return (try await ConfideStore.open(location, policy: policy, keys: keys, actor: "cli", logger: CommandLog.logger), keys)
    }
}

/// The commands' logger: warnings and errors only, on standard error, so standard output
/// stays machine-readable.
enum CommandLog {
    static let logger: Logger = {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        var logger = Logger(label: "confide.coordinator")
        logger.logLevel = .warning
        return logger
    }()
}
