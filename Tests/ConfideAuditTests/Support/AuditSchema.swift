import ConfideAudit
import ConfideStore
import Foundation

/// The committed JSON schema of audit reports, and a validator for the part of JSON Schema
/// (draft 2020-12) it uses: `type`, `const`, `enum`, `properties`, `required`,
/// `additionalProperties: false`, `items`, `minItems`, `maxItems`, `minimum`, `pattern` and
/// local `$ref`s. Keywords outside that subset are refused, so the schema cannot quietly
/// grow rules this validator ignores.
enum AuditSchema {
    struct Violation: Error, CustomStringConvertible {
        let description: String
    }

    static let schema: [String: JSONValue] = {
        let path = AuditFixtures.repositoryRoot + "/docs/audit-report.schema.json"
        guard let data = FileManager.default.contents(atPath: path),
              case .object(let schema) = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            fatalError("docs/audit-report.schema.json is missing or not a JSON object")
        }
        return schema
    }()

    /// Validates the report's JSON encoding.
    static func validate(_ report: AuditReport) throws {
        try validate(json: try report.jsonData())
    }

    /// Validates a JSON document.
    static func validate(json: Data) throws {
        try validate(try JSONDecoder().decode(JSONValue.self, from: json), against: schema, at: "$")
    }

    static let known: Set<String> = ["$schema", "$id", "$defs", "$ref", "title", "description", "type", "const", "enum", "properties",
                                     "required", "additionalProperties", "items", "minItems", "maxItems", "minimum", "pattern", "format"]

    static func validate(_ value: JSONValue, against schema: [String: JSONValue], at path: String) throws {
        if let unknown = schema.keys.first(where: { !known.contains($0) }) {
            throw Violation(description: "the schema uses '\(unknown)', which this validator does not implement")
        }
        if case .string(let reference) = schema["$ref"] {
            let name = reference.replacingOccurrences(of: "#/$defs/", with: "")
            guard case .object(let definitions) = Self.schema["$defs"], case .object(let target) = definitions[name] else {
                throw Violation(description: "\(path): unresolved $ref \(reference)")
            }
            try validate(value, against: target, at: path)
        }
        if let types = schema["type"] {
            let allowed: [String]
            switch types {
            case .string(let type): allowed = [type]
            case .array(let list): allowed = list.compactMap { if case .string(let type) = $0 { type } else { nil } }
            default: throw Violation(description: "\(path): a malformed type in the schema")
            }
            guard allowed.contains(where: { matches(value, type: $0) }) else {
                throw Violation(description: "\(path): expected \(allowed.joined(separator: " or ")), found \(value.typeName)")
            }
        }
        if let constant = schema["const"], constant != value {
            throw Violation(description: "\(path): expected the constant \(constant)")
        }
        if case .array(let choices) = schema["enum"], !choices.contains(value) {
            throw Violation(description: "\(path): \(value) is not one of \(choices)")
        }
        if let minimum = number(schema["minimum"]), let actual = number(value), actual < minimum {
            throw Violation(description: "\(path): \(actual) is below \(minimum)")
        }
        if case .string(let pattern) = schema["pattern"], case .string(let text) = value {
            let expression = try NSRegularExpression(pattern: pattern)
            guard expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil else {
                throw Violation(description: "\(path): '\(text)' does not match \(pattern)")
            }
        }
        if case .object(let object) = value { try validateObject(object, against: schema, at: path) }
        if case .array(let array) = value {
            if case .integer(let minimum) = schema["minItems"], array.count < minimum {
                throw Violation(description: "\(path): \(array.count) items, at least \(minimum) expected")
            }
            if case .integer(let maximum) = schema["maxItems"], array.count > maximum {
                throw Violation(description: "\(path): \(array.count) items, at most \(maximum) allowed")
            }
            if case .object(let items) = schema["items"] {
                for (index, item) in array.enumerated() { try validate(item, against: items, at: "\(path)[\(index)]") }
            }
        }
    }

    private static func validateObject(_ object: [String: JSONValue], against schema: [String: JSONValue], at path: String) throws {
        guard case .object(let properties) = schema["properties"] ?? .object([:]) else { return }
        if case .array(let required) = schema["required"] {
            for case .string(let key) in required where object[key] == nil {
                throw Violation(description: "\(path): the required key '\(key)' is missing")
            }
        }
        if schema["additionalProperties"] == .bool(false), let extra = object.keys.sorted().first(where: { properties[$0] == nil }) {
            throw Violation(description: "\(path): the key '\(extra)' is not in the schema")
        }
        for (key, child) in object {
            if case .object(let property) = properties[key] { try validate(child, against: property, at: "\(path).\(key)") }
        }
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("null", .null), ("boolean", .bool),
             ("integer", .integer), ("number", .integer), ("number", .number): return true
        default: return false
        }
    }

    private static func number(_ value: JSONValue?) -> Double? {
        switch value {
        case .integer(let number): Double(number)
        case .number(let number): number
        default: nil
        }
    }
}
