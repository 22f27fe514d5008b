import Yams

/// A YAML node with its location, converted from Yams so that the rest of the module
/// works on plain Sendable values.
struct YAMLNode: Sendable {
    /// The content of a node.
    enum Content: Sendable {
        /// A scalar; `isNull` when YAML resolves it to null (`~`, `null` or nothing).
        case scalar(String, isNull: Bool)
        /// A mapping, in file order.
        case mapping([Entry])
        /// A sequence, in file order.
        case sequence([YAMLNode])
    }

    /// One key–value pair of a mapping; keys are scalars.
    struct Entry: Sendable {
        let key: String
        let keyLocation: SourceLocation
        let value: YAMLNode
    }

    let content: Content
    let location: SourceLocation

    /// The most nodes one document may convert to. Yams resolves an alias to the node it
    /// names, shared, so nine aliases nested nine deep ("billion laughs") compose in
    /// microseconds but would expand to 9^9 nodes here: the budget stops that early.
    static let maxNodeCount = 100_000

    /// Parses one YAML document. Syntax errors and duplicate keys become diagnostics.
    static func parse(yaml: String, file: String) throws(PolicyError) -> YAMLNode? {
        do {
            guard let root = try Yams.compose(yaml: yaml) else { return nil }
            var budget = maxNodeCount
            return try convert(root, file: file, path: "", budget: &budget)
        } catch let error as PolicyError {
            throw error
        } catch let error as YamlError {
            throw .invalid([diagnostic(for: error, file: file)])
        } catch {
            throw .invalid([PolicyDiagnostic(location: SourceLocation(file: file, line: 1, column: 1), path: "",
                                             message: "could not parse YAML: \(error)")])
        }
    }

    private static func convert(_ node: Node, file: String, path: String, budget: inout Int) throws -> YAMLNode {
        let location = SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        budget -= 1
        guard budget >= 0 else {
            throw PolicyError.invalid([PolicyDiagnostic(location: location, path: path, message: """
                the document expands to more than \(maxNodeCount) YAML nodes; YAML aliases are not supported in policies, \
                write the values out
                """)])
        }
        switch node {
        case .scalar(let scalar):
            return YAMLNode(content: .scalar(scalar.string, isNull: node.null != nil && scalar.style == .plain),
                            location: location)
        case .sequence(let sequence):
            var items: [YAMLNode] = []
            for (index, item) in sequence.enumerated() {
                items.append(try convert(item, file: file, path: "\(path)[\(index)]", budget: &budget))
            }
            return YAMLNode(content: .sequence(items), location: location)
        case .mapping(let mapping):
            var entries: [Entry] = []
            for (key, value) in mapping {
                let keyLocation = SourceLocation(file: file, line: key.mark?.line ?? location.line,
                                                 column: key.mark?.column ?? location.column)
                guard case .scalar(let keyScalar) = key else {
                    throw PolicyError.invalid([PolicyDiagnostic(location: keyLocation, path: path,
                                                                message: "expected a plain text key, found a nested structure")])
                }
                let childPath = path.isEmpty ? keyScalar.string : "\(path).\(keyScalar.string)"
                entries.append(Entry(key: keyScalar.string, keyLocation: keyLocation,
                                     value: try convert(value, file: file, path: childPath, budget: &budget)))
            }
            return YAMLNode(content: .mapping(entries), location: location)
        case .alias:
            throw PolicyError.invalid([PolicyDiagnostic(location: location, path: path,
                                                        message: "YAML aliases are not supported in policies; write the value out")])
        }
    }

    private static func diagnostic(for error: YamlError, file: String) -> PolicyDiagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let prefix = context.map { "\($0.text), " } ?? ""
            return PolicyDiagnostic(location: SourceLocation(file: file, line: mark.line, column: mark.column), path: "",
                                    message: "invalid YAML: \(prefix)\(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            return PolicyDiagnostic(location: SourceLocation(file: file, line: context.mark.line, column: context.mark.column),
                                    path: "", message: "duplicate key \(keys): every key may appear once per mapping")
        case .reader(let problem, _, _, _):
            return PolicyDiagnostic(location: SourceLocation(file: file, line: 1, column: 1), path: "",
                                    message: "unreadable text: \(problem)")
        default:
            return PolicyDiagnostic(location: SourceLocation(file: file, line: 1, column: 1), path: "",
                                    message: "invalid YAML: \(error)")
        }
    }

    /// A short name of the node's shape, for "expected …, found …" messages.
    var shapeDescription: String {
        switch content {
        case .scalar(let text, let isNull): isNull ? "nothing" : "'\(text)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }
}
