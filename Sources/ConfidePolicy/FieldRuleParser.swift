/// Reads one field rule: `keep`, `drop`, `pseudonymize`, `redact`, or a
/// `{generalize: METHOD, …}` mapping with the method's parameter.
struct FieldRuleParser {
    let log: DiagnosticLog

    static let simpleActions = ["keep", "drop", "pseudonymize", "redact"]
    static let methods = ["age", "zip", "timestamp", "ip"]

    /// The action `node` declares; a missing rule is reported at the field's name, `keyLocation`.
    func action(_ node: YAMLNode, path: String, keyLocation: SourceLocation) -> FieldAction? {
        let expected = "one of keep, drop, pseudonymize, redact, or {generalize: age|zip|timestamp|ip, …}"
        switch node.content {
        case .scalar(_, isNull: true):
            log.report(keyLocation, path, "the field has no rule; expected \(expected)")
            return nil
        case .scalar(let name, isNull: false):
            switch name {
            case "keep": return .keep
            case "drop": return .drop
            case "pseudonymize": return .pseudonymize
            case "redact": return .redact
            case "generalize":
                log.report(node.location, path, "generalize needs a method and its parameter, for example {generalize: age, width: 10}")
                return nil
            default:
                log.report(node.location, path, "unknown field action '\(name)'; expected \(expected)")
                return nil
            }
        case .sequence:
            log.report(node.location, path, "expected a field rule (\(expected)), found a list")
            return nil
        case .mapping:
            guard var map = log.mapping(node, path, what: "a generalization") else { return nil }
            defer { map.finish() }
            guard let methodNode = map.required("generalize", expected: "age, zip, timestamp or ip"),
                  let method = log.choice(methodNode, "\(path).generalize", from: Self.methods, what: "a generalization method")
            else { return nil }
            return generalization(method, &map, path: path).map(FieldAction.generalize)
        }
    }

    private func generalization(_ method: String, _ map: inout MappingReader, path: String) -> Generalization? {
        switch method {
        case "age":
            return map.required("width", expected: "the bucket width in years").flatMap {
                log.integer($0, "\(path).width", in: 1...100, expected: "a bucket width of 1 to 100 years")
            }.map { .ageBucket(width: $0) }
        case "zip":
            return map.required("prefix", expected: "how many leading characters to keep").flatMap {
                log.integer($0, "\(path).prefix", in: 1...10, expected: "a prefix length of 1 to 10 characters")
            }.map { .zipPrefix(length: $0) }
        case "timestamp":
            return map.required("to", expected: "day or month").flatMap {
                log.choice($0, "\(path).to", from: Generalization.TimestampPrecision.allCases.map(\.rawValue), what: "a precision")
            }.flatMap(Generalization.TimestampPrecision.init(rawValue:)).map { .timestamp($0) }
        default:
            let ipv4 = map.optional("ipv4").map {
                log.integer($0, "\(path).ipv4", in: 0...32, expected: "an IPv4 prefix length from 0 to 32 bits")
            } ?? 24
            let ipv6 = map.optional("ipv6").map {
                log.integer($0, "\(path).ipv6", in: 0...128, expected: "an IPv6 prefix length from 0 to 128 bits")
            } ?? 48
            guard let ipv4, let ipv6 else { return nil }
            return .ipPrefix(ipv4: ipv4, ipv6: ipv6)
        }
    }
}
