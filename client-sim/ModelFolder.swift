import ConfideCrypto
import ConfideProtocol
import Foundation

/// The signed models a run ended with, kept so `recommend` can personalize after the
/// coordinator has stopped: `kmeans.cfm`, `mf.cfm` and `histogram.cfm` (the documents exactly as the
/// coordinator signed them) and `coordinator.key` (its identity key, base64), which
/// `recommend` checks the signatures against as a registered device would.
struct ModelFolder {
    let url: URL

    init(_ path: String) {
        url = URL(fileURLWithPath: path, isDirectory: true)
    }

    /// Saves a verified model document and the key it was verified with.
    func save(task: String, signed: [UInt8], key: IdentityPublicKey) throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try Data(signed).write(to: url.appendingPathComponent("\(task).cfm"))
        try Data(Data(key.bytes).base64EncodedString().utf8).write(to: url.appendingPathComponent("coordinator.key"))
    }

    /// The coordinator's key and the signed documents present, by task.
    func load() throws -> (key: IdentityPublicKey, models: [String: [UInt8]]) {
        guard let text = FileManager.default.contents(atPath: url.appendingPathComponent("coordinator.key").path),
              let bytes = Data(base64Encoded: String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw SimulationError("no models in \(url.path): run `confide-client-sim run … --models-out \(url.path)` (make demo does) first")
        }
        var models: [String: [UInt8]] = [:]
        for task in ["kmeans", "mf", "histogram"] {
            if let data = FileManager.default.contents(atPath: url.appendingPathComponent("\(task).cfm").path) { models[task] = Array(data) }
        }
        return (try IdentityPublicKey(bytes: Array(bytes)), models)
    }
}
