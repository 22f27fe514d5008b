import ConfidePolicy
import Foundation

/// Policy YAML: one document parsed, merged and validated, problems reported rather than thrown.
enum PolicyYAMLTarget {
    static func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        _ = try? PolicyLoader.parseReportingProblems(documents: [(file: "fuzz.yaml", yaml: text)])
    }

    /// The shipped policy, found next to this source file's package.
    static func seeds() throws -> [(name: String, bytes: [UInt8])] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let policy = try Data(contentsOf: root.appendingPathComponent("policies/default.yaml"))
        let minimal = "version: 1\ncontroller:\n  name: Example\npurposes: []\n"
        return [("default", Array(policy)), ("minimal", Array(minimal.utf8))]
    }
}
