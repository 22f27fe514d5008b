import Foundation

/// Loads policies from YAML files and validates them.
///
/// A folder's `*.yaml` and `*.yml` files are read in name order and merged: `purposes`,
/// `kinds` and `recipients` may be spread over several files, every other section must
/// appear in exactly one. Every problem found is reported with file, line and column.
public enum PolicyLoader {
    /// Loads the policy in `path`: a folder of YAML files, or one YAML file.
    public static func load(_ path: String) throws(PolicyError) -> Policy {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable("no policy file or folder at \(path)")
        }
        guard isDirectory.boolValue else { return try load(files: [path]) }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw .unreadable("cannot list the policy folder \(path): \(error.localizedDescription)")
        }
        let files = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            .map { (path as NSString).appendingPathComponent($0) }
        guard !files.isEmpty else { throw .unreadable("the policy folder \(path) holds no .yaml or .yml file") }
        return try load(files: files)
    }

    /// Loads and merges the given YAML files.
    public static func load(files: [String]) throws(PolicyError) -> Policy {
        var documents: [(file: String, yaml: String)] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw .unreadable("cannot read the policy file \(file)")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw .unreadable("the policy file \(file) is not UTF-8 text")
            }
            documents.append((file, text))
        }
        return try parse(documents: documents)
    }

    /// Parses one policy document held in memory; `file` names it in diagnostics.
    public static func parse(yaml: String, file: String = "policy.yaml") throws(PolicyError) -> Policy {
        try parse(documents: [(file, yaml)])
    }

    /// Parses and merges policy documents held in memory, then validates the result.
    public static func parse(documents: [(file: String, yaml: String)]) throws(PolicyError) -> Policy {
        let log = DiagnosticLog()
        var fragments: [PolicyFragment] = []
        for document in documents {
            do {
                if let root = try YAMLNode.parse(yaml: document.yaml, file: document.file) {
                    fragments.append(PolicyParser(log: log).parse(root, file: document.file))
                } else {
                    log.report(SourceLocation(file: document.file, line: 1, column: 1), "", "the file is empty; expected a policy mapping")
                }
            } catch {
                log.append(contentsOf: error.diagnostics)
            }
        }
        // A file that is not YAML at all would make every section look missing: stop here.
        if fragments.count < documents.count { throw .invalid(log.diagnostics) }
        let merged = PolicyMerger(log: log).merge(fragments, files: documents.map(\.file))
        if let merged { PolicyValidator(log: log).validate(merged) }
        guard log.diagnostics.isEmpty, let merged else {
            throw .invalid(log.diagnostics)
        }
        return merged
    }
}
