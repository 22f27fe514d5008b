import Foundation

/// Collects diagnostics while a policy is read, so that every problem is reported, not just the first.
///
/// Used by one loader on one task; never shared.
final class DiagnosticLog {
    private(set) var diagnostics: [PolicyDiagnostic] = []

    func report(_ location: SourceLocation, _ path: String, _ message: String) {
        diagnostics.append(PolicyDiagnostic(location: location, path: path, message: message))
    }

    func append(contentsOf other: [PolicyDiagnostic]) {
        diagnostics.append(contentsOf: other)
    }

    /// Text from a non-null scalar.
    func text(_ node: YAMLNode, _ path: String, expected: String = "text") -> String? {
        guard case .scalar(let value, let isNull) = node.content, !isNull else {
            report(node.location, path, "expected \(expected), found \(node.shapeDescription)")
            return nil
        }
        guard !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            report(node.location, path, "expected \(expected), found empty text")
            return nil
        }
        return value
    }

    /// A whole number within `range`.
    func integer(_ node: YAMLNode, _ path: String, in range: ClosedRange<Int>, expected: String) -> Int? {
        guard case .scalar(let value, false) = node.content, let number = Int(value), range.contains(number) else {
            report(node.location, path, "expected \(expected), found \(node.shapeDescription)")
            return nil
        }
        return number
    }

    /// A finite decimal number satisfying `isValid`.
    func number(_ node: YAMLNode, _ path: String, expected: String, where isValid: (Double) -> Bool) -> Double? {
        guard case .scalar(let value, false) = node.content, let number = Double(value), number.isFinite, isValid(number) else {
            report(node.location, path, "expected \(expected), found \(node.shapeDescription)")
            return nil
        }
        return number
    }

    /// One of `choices`.
    func choice(_ node: YAMLNode, _ path: String, from choices: [String], what: String) -> String? {
        guard case .scalar(let value, false) = node.content, choices.contains(value) else {
            report(node.location, path, "expected \(what): one of \(choices.joined(separator: ", ")); found \(node.shapeDescription)")
            return nil
        }
        return value
    }

    /// A list of texts; each element with its location.
    func textList(_ node: YAMLNode, _ path: String, expected: String) -> [(String, SourceLocation)]? {
        guard case .sequence(let items) = node.content else {
            report(node.location, path, "expected a list of \(expected), found \(node.shapeDescription)")
            return nil
        }
        var result: [(String, SourceLocation)] = []
        for (index, item) in items.enumerated() {
            if let value = text(item, "\(path)[\(index)]", expected: expected) { result.append((value, item.location)) }
        }
        return result
    }

    /// The node as a mapping reader, or a diagnostic if it is not a mapping.
    func mapping(_ node: YAMLNode, _ path: String, what: String) -> MappingReader? {
        guard case .mapping(let entries) = node.content else {
            report(node.location, path, "expected \(what) (a mapping of keys to values), found \(node.shapeDescription)")
            return nil
        }
        return MappingReader(node: node, entries: entries, path: path, log: self)
    }
}
