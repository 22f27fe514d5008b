import ConfideCrypto
import Foundation
import Testing

/// A JSON value whose objects keep their members in the order written, so a vector file
/// reads inputs before outputs and regenerating it gives a stable diff.
indirect enum JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByDictionaryLiteral {
    case string(String)
    /// Whole numbers up to 2^53 (larger ones, such as round ids, travel as decimal strings).
    case integer(Int64)
    /// Finite doubles, written in Swift's shortest round-tripping form.
    case number(Double)
    case bool(Bool)
    case array([JSONValue])
    case object(Members)

    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int64) { self = .integer(value) }
    init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(Members(elements)) }

    /// Bytes as lowercase hex.
    static func hex(_ bytes: [UInt8]) -> JSONValue { .string(Hex.encode(bytes)) }
    /// A whole number.
    static func int<T: BinaryInteger>(_ value: T) -> JSONValue { .integer(Int64(value)) }
    /// A `UInt64` as decimal text (it may exceed what a JSON number holds exactly).
    static func u64(_ value: UInt64) -> JSONValue { .string(String(value)) }
    /// `UInt32` words as JSON numbers.
    static func words(_ words: [UInt32]) -> JSONValue { .array(words.map { .integer(Int64($0)) }) }
    /// Whole numbers as a JSON array.
    static func ints<T: BinaryInteger>(_ values: [T]) -> JSONValue { .array(values.map { .integer(Int64($0)) }) }
    /// Doubles as a JSON array.
    static func numbers(_ values: [Double]) -> JSONValue { .array(values.map { .number($0) }) }

    /// Pretty-printed JSON, two spaces per level; arrays of scalars stay on one line.
    func rendered(indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent)
        let inner = String(repeating: "  ", count: indent + 1)
        switch self {
        case .string(let text): return Self.quoted(text)
        case .integer(let value): return String(value)
        case .number(let value): return "\(value)"
        case .bool(let value): return value ? "true" : "false"
        case .array(let elements):
            if elements.isEmpty { return "[]" }
            if elements.allSatisfy(\.isScalar) {
                return "[" + elements.map { $0.rendered() }.joined(separator: ", ") + "]"
            }
            return "[\n" + elements.map { inner + $0.rendered(indent: indent + 1) }.joined(separator: ",\n") + "\n\(pad)]"
        case .object(let members):
            if members.isEmpty { return "{}" }
            let lines = members.pairs.map { inner + Self.quoted($0.0) + ": " + $0.1.rendered(indent: indent + 1) }
            return "{\n" + lines.joined(separator: ",\n") + "\n\(pad)}"
        }
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }

    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// The members of a JSON object, in order.
struct Members: ExpressibleByDictionaryLiteral {
    private(set) var pairs: [(String, JSONValue)]

    init(_ pairs: [(String, JSONValue)]) { self.pairs = pairs }
    init(dictionaryLiteral elements: (String, JSONValue)...) { pairs = elements }

    var isEmpty: Bool { pairs.isEmpty }

    subscript(key: String) -> JSONValue? {
        get { pairs.first { $0.0 == key }?.1 }
        set {
            if let index = pairs.firstIndex(where: { $0.0 == key }) {
                if let newValue { pairs[index].1 = newValue } else { pairs.remove(at: index) }
            } else if let newValue {
                pairs.append((key, newValue))
            }
        }
    }
}

/// One known-answer vector: named inputs and the exact outputs the code produces from them.
struct Vector {
    let name: String
    let description: String
    let inputs: Members
    let outputs: Members

    var json: JSONValue {
        .object(["name": .string(name), "description": .string(description), "inputs": .object(inputs), "outputs": .object(outputs)])
    }
}

/// One file of vectors under `docs/test-vectors/`.
///
/// Generators build the vectors from fixed inputs with the real code. With
/// `CONFIDE_WRITE_VECTORS=1` in the environment ``check()`` rewrites the file; otherwise it
/// asserts that the file holds exactly what the code produces now, naming each vector and
/// field that differs, so any change to the wire format fails a test until the file (and
/// the documents) are updated on purpose.
struct VectorFile {
    /// The file name without `.json`.
    let name: String
    let description: String
    private(set) var vectors: [Vector] = []

    init(name: String, description: String) {
        self.name = name
        self.description = description
    }

    /// Adds a vector; names must be unique within the file.
    mutating func add(_ name: String, _ description: String, inputs: Members, outputs: Members) {
        #expect(!vectors.contains(where: { $0.name == name }), "vector \(name) is defined twice")
        vectors.append(Vector(name: name, description: description, inputs: inputs, outputs: outputs))
    }

    static var isWriting: Bool { ProcessInfo.processInfo.environment["CONFIDE_WRITE_VECTORS"] == "1" }

    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/test-vectors")

    var url: URL { Self.directory.appendingPathComponent("\(name).json") }

    var text: String {
        let document: JSONValue = .object([
            "file": .string(name),
            "description": .string(description),
            "conventions": .string(Self.conventions),
            "vectors": .array(vectors.map(\.json)),
        ])
        return document.rendered() + "\n"
    }

    static let conventions = """
        Byte strings are lowercase hex. Integers that fit a JSON number exactly are numbers; UInt64 values \
        (round ids) are decimal strings. UInt32 words are numbers; on the wire they are little-endian. \
        Doubles are JSON numbers and travel on the wire as little-endian IEEE 754 binary64. \
        Text is UTF-8. See docs/wire-format.md for what every field means.
        """

    /// Writes the file (write mode) or asserts that it matches, vector by vector.
    func check(sourceLocation: SourceLocation = #_sourceLocation) throws {
        if Self.isWriting {
            try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            return
        }
        let stored = try #require(try? Data(contentsOf: url),
                                  "docs/test-vectors/\(name).json is missing; run with CONFIDE_WRITE_VECTORS=1 to create it",
                                  sourceLocation: sourceLocation)
        let expected = try Self.vectorsByName(stored)
        let actual = try Self.vectorsByName(Data(text.utf8))
        for vector in vectors {
            guard let file = expected[vector.name] else {
                Issue.record("vector \(name)/\(vector.name) is not in the file; regenerate it", sourceLocation: sourceLocation)
                continue
            }
            let code = actual[vector.name]!
            for part in ["inputs", "outputs"] {
                let fromFile = file[part] as? [String: Any] ?? [:]
                let fromCode = code[part] as? [String: Any] ?? [:]
                for key in Set(fromFile.keys).union(fromCode.keys).sorted() {
                    // Compared as parsed JSON written back canonically, so layout changes in the file do not matter.
                    let same = Self.canonical(fromFile[key]) == Self.canonical(fromCode[key])
                    #expect(same, "\(name).json \(vector.name).\(part).\(key): the file has \(Self.show(fromFile[key])), the code gives \(Self.show(fromCode[key]))",
                            sourceLocation: sourceLocation)
                }
            }
        }
        for stale in Set(expected.keys).subtracting(vectors.map(\.name)).sorted() {
            Issue.record("vector \(name)/\(stale) is in the file but no longer generated; regenerate it", sourceLocation: sourceLocation)
        }
    }

    private static func vectorsByName(_ data: Data) throws -> [String: [String: Any]] {
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let list = try #require(root["vectors"] as? [[String: Any]])
        var byName: [String: [String: Any]] = [:]
        for vector in list { if let name = vector["name"] as? String { byName[name] = vector } }
        return byName
    }

    private static func canonical(_ value: Any?) -> Data? {
        try? JSONSerialization.data(withJSONObject: [value ?? NSNull()], options: [.sortedKeys])
    }

    private static func show(_ value: Any?) -> String {
        guard let value else { return "nothing" }
        let text = "\(value)"
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}
