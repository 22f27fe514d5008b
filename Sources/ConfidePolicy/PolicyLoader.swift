import Foundation

/// Loads policies from YAML files and validates them.
///
/// A folder's `*.yaml` and `*.yml` files are read in name order and merged: `purposes`,
/// `kinds` and `recipients` may be spread over several files, every other section must
/// appear in exactly one. Every problem found is reported with file, line and column.
public enum PolicyLoader {
    /// Loads the policy in `path`: a folder of YAML files, or one YAML file.
    public static func load(_ path: String) throws(PolicyError) -> Policy {
        try load(files: try files(at: path))
    }

    /// Loads the policy in `path` like ``load(_:)``, but returns it together with the problems
    /// found instead of refusing it, for audits that report a policy's problems as findings.
    ///
    /// Elements that could not be read are left out of the returned policy. Throws only when
    /// no policy can be assembled at all: unreadable files, text that is not YAML, or a
    /// required section (version, controller, training, requests, consent) missing or unreadable.
    public static func loadReportingProblems(_ path: String) throws(PolicyError) -> PolicyLoadResult {
        try assemble(try documents(try files(at: path)))
    }

    /// Parses policy documents held in memory like ``parse(documents:)``, but returns the
    /// policy with its problems (see ``loadReportingProblems(_:)``).
    public static func parseReportingProblems(documents: [(file: String, yaml: String)]) throws(PolicyError) -> PolicyLoadResult {
        try assemble(documents)
    }

    /// The YAML files of a policy folder in name order, or the one file `path` names.
    static func files(at path: String) throws(PolicyError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable("no policy file or folder at \(path)")
        }
        guard isDirectory.boolValue else { return [path] }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw .unreadable("cannot list the policy folder \(path): \(error.localizedDescription)")
        }
        let files = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            .map { (path as NSString).appendingPathComponent($0) }
        guard !files.isEmpty else { throw .unreadable("the policy folder \(path) holds no .yaml or .yml file") }
        return files
    }

    /// Loads and merges the given YAML files.
    public static func load(files: [String]) throws(PolicyError) -> Policy {
        try parse(documents: try documents(files))
    }

    private static func documents(_ files: [String]) throws(PolicyError) -> [(file: String, yaml: String)] {
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
        return documents
    }

    /// Parses one policy document held in memory; `file` names it in diagnostics.
    public static func parse(yaml: String, file: String = "policy.yaml") throws(PolicyError) -> Policy {
        try parse(documents: [(file, yaml)])
    }

    /// Parses and merges policy documents held in memory, then validates the result.
    public static func parse(documents: [(file: String, yaml: String)]) throws(PolicyError) -> Policy {
        let result = try assemble(documents)
        guard result.problems.isEmpty else { throw .invalid(result.problems) }
        return result.policy
    }

    /// Parses, merges and validates; throws only when no policy can be assembled.
    private static func assemble(_ documents: [(file: String, yaml: String)]) throws(PolicyError) -> PolicyLoadResult {
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
        guard let merged = PolicyMerger(log: log).merge(fragments, files: documents.map(\.file)) else {
            throw .invalid(log.diagnostics)
        }
        PolicyValidator(log: log).validate(merged)
        return PolicyLoadResult(policy: merged, problems: log.diagnostics)
    }
}

