import ConfidePolicy
import ConfideStore
import Foundation

extension StoreOptions {
    /// Opens a store that must already exist, for commands that only read it: a missing
    /// SQLite file or key file is an error rather than a fresh empty store with new keys,
    /// which would audit clean and prove nothing.
    func openExistingStore(policy: Policy) async throws -> ConfideStore {
        let location = try location()
        if case .sqlite(let path) = location, !FileManager.default.fileExists(atPath: path) {
            throw StoreError(.connection, "no database at \(path); give the path of an existing store with --db sqlite:PATH")
        }
        let keys: StoreKeys
        if let fromEnvironment = try StoreKeys.fromEnvironment(ProcessInfo.processInfo.environment) {
            keys = fromEnvironment
        } else {
            let file = resolvedKeyFile(for: location)
            guard FileManager.default.fileExists(atPath: file) else {
                throw StoreError(.keys, "no key file at \(file); give the store's key file with --key-file (new keys could not read this store)")
            }
            keys = try StoreKeys.load(keyFile: file)
        }
        return try await ConfideStore.open(location, policy: policy, keys: keys, actor: "cli", logger: CommandLog.logger)
    }
}
