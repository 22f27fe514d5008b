import ConfidePolicy
import ConfideStore
import Foundation
import Logging

/// A device's own store: the same privacy layer as the coordinator's (records stripped of
/// PII by the policy's field rules on write, encrypted under the subject's key), holding
/// only this device's subject.
public struct DeviceLocalStore: Sendable {
    let store: ConfideStore
    /// The subject's pseudonym under this device's own pepper.
    public let subject: Pseudonym
    let path: String?

    /// Devices log warnings and errors only.
    public static let quietLogger: Logger = {
        var logger = Logger(label: "confide.device")
        logger.logLevel = .warning
        return logger
    }()

    /// Opens a store at `location` with keys of its own (an SQLite `:memory:` path keeps it
    /// in memory, as simulated devices do) for the subject `subjectID`.
    public static func open(location: StoreLocation, policy: Policy, subjectID: String,
                            logger: Logger = DeviceLocalStore.quietLogger) async throws -> DeviceLocalStore {
        let store = try await ConfideStore.open(location, policy: policy, keys: StoreKeys.generate(), actor: "device", logger: logger)
        var path: String?
        if case .sqlite(let file) = location, file != ":memory:" { path = file }
        return DeviceLocalStore(store: store, subject: try store.pseudonym(for: subjectID), path: path)
    }

    /// Stores records of one kind (each passes the policy's field rules first).
    public func ingest(_ records: [[String: JSONValue]], kind: String) async throws {
        try await store.ingest(batch: records, kind: kind, subject: subject)
    }

    /// The subject's records as stored (stripped), decrypted.
    public func records() async throws -> [StoredRecord] {
        try await store.records(of: subject)
    }

    /// Adds a round to the device's own ledger of rounds joined and ε spent.
    public func recordParticipation(round: String, device: String, task: String, modelVersion: Int64, epsilon: Double) async throws {
        guard let task = TrainingTask(rawValue: task) else { return }
        try await store.recordParticipation(roundID: round, deviceID: device, subject: subject, task: task,
                                            modelVersion: modelVersion, epsilon: epsilon)
    }

    /// What the device holds on its subject (GDPR access, on the device).
    public func export() async throws -> SubjectExport {
        try await store.export(subject: subject, recordRequest: false)
    }

    /// Closes the store (it must be closed before it is released).
    public func close() async {
        await store.close()
    }

    /// Erases the subject, closes the store and deletes its files.
    public func destroy() async throws {
        _ = try await store.erase(subject: subject)
        await store.close()
        if let path {
            for suffix in ["", "-wal", "-shm", ".keys"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
    }
}
