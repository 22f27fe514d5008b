/// Reads the keys of one YAML mapping and reports keys nobody asked for.
///
/// Every key a parser reads, present or not, counts as allowed; ``finish()`` reports the
/// rest as unknown, naming the keys that are allowed there.
struct MappingReader {
    let node: YAMLNode
    let entries: [YAMLNode.Entry]
    let path: String
    let log: DiagnosticLog
    private var allowed: [String] = []

    init(node: YAMLNode, entries: [YAMLNode.Entry], path: String, log: DiagnosticLog) {
        self.node = node
        self.entries = entries
        self.path = path
        self.log = log
    }

    /// The dotted path of `key` inside this mapping.
    func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The value of `key`, if present.
    mutating func optional(_ key: String) -> YAMLNode? {
        allowed.append(key)
        return entries.first { $0.key == key }?.value
    }

    /// The value of `key`; reports it missing, saying what it should hold, if absent.
    mutating func required(_ key: String, expected: String) -> YAMLNode? {
        guard let value = optional(key) else {
            log.report(node.location, path, "missing required key '\(key)' (\(expected))")
            return nil
        }
        return value
    }

    /// Reports every key that was not read.
    func finish() {
        for entry in entries where !allowed.contains(entry.key) {
            log.report(entry.keyLocation, childPath(entry.key),
                       "unknown key '\(entry.key)'; expected one of: \(allowed.joined(separator: ", "))")
        }
    }
}
