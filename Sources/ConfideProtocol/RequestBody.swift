import Foundation

/// A JSON request body of the device or admin API: one flat object with a fixed set of
/// members, decoded strictly and range-checked before any handler acts on it.
///
/// Decoding refuses members outside ``fields`` (a typo is an error, not silently ignored)
/// and members that are `null` (an optional member is left out),
/// and ``validate()`` checks every number and text against its documented range, so a
/// hostile value gets a `400`/`422` with a message instead of reaching arithmetic.
public protocol RequestBody: Decodable, Sendable {
    /// The object's allowed member names.
    static var fields: Set<String> { get }
    /// Checks every value's range; throws a ``ProtocolError`` naming the field.
    func validate() throws(ProtocolError)
}

extension RequestBody {
    public func validate() throws(ProtocolError) {}

    /// Decodes and validates a body; every failure is a ``ProtocolError`` (`malformed` for
    /// bytes that are not this object, `unprocessable` for values out of range).
    public static func decode(from body: [UInt8]) throws(ProtocolError) -> Self {
        let data = Data(body)
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ProtocolError(.malformed, "the body must be one JSON object")
        }
        if let unknown = object.keys.sorted().first(where: { !fields.contains($0) }) {
            throw ProtocolError(.malformed, "unknown field '\(String(unknown.prefix(64)))'; allowed: \(fields.sorted().joined(separator: ", "))")
        }
        // No member is nullable (docs/openapi.yaml): an optional one is left out, never null.
        if let null = object.keys.sorted().first(where: { object[$0] is NSNull }) {
            throw ProtocolError(.malformed, "field '\(String(null.prefix(64)))' is null; leave an optional field out instead")
        }
        let value: Self
        do {
            value = try RequestJSON.decoder.decode(Self.self, from: data)
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            // The bytes parsed as JSON above, so this is a value, not the syntax.
            throw ProtocolError(.malformed, unfitNumber(in: object).map {
                "invalid value for field '\($0)': the number is out of range for the field (see docs/openapi.yaml)"
            } ?? "invalid value in the body: \(context.debugDescription)")
        } catch let error as DecodingError {
            throw ProtocolError(.malformed, RequestJSON.describe(error))
        } catch {
            throw ProtocolError(.malformed, "the body is not a valid \(Self.self)")
        }
        try value.validate()
        return value
    }

    /// The member whose number does not fit its field (a negative or fractional one for a
    /// whole number, one beyond its type's range). Foundation on Linux reports such a number
    /// without its coding path, as "not valid JSON"; the member is found by putting 0, which
    /// every numeric field takes, in place of each number in turn.
    private static func unfitNumber(in object: [String: Any]) -> String? {
        for key in object.keys.sorted() where object[key] is NSNumber && !(object[key] is Bool) {
            var probe = object
            probe[key] = 0
            guard let data = try? JSONSerialization.data(withJSONObject: probe) else { continue }
            do {
                _ = try RequestJSON.decoder.decode(Self.self, from: data)
                return key
            } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
                continue
            } catch DecodingError.typeMismatch(_, let context) where context.codingPath.last?.stringValue == key {
                continue
            } catch {
                return key
            }
        }
        return nil
    }
}

/// The JSON conventions of request bodies: RFC 3339 dates, finite numbers only.
public enum RequestJSON {
    /// A decoder for request and response bodies.
    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = RFC3339.date(from: text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "expected an RFC 3339 date-time such as 2026-01-01T12:00:00Z")
            }
            return date
        }
        return decoder
    }

    /// A readable account of a decoding failure, naming the field.
    public static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return path.isEmpty ? "the body" : "field '\(path)'"
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return "malformed JSON: \(context.debugDescription)"
        case .dataCorrupted(let context):
            return "invalid value for \(path(context)): \(context.debugDescription)"
        case .keyNotFound(let key, let context): return "missing field '\(key.stringValue)' in \(path(context))"
        case .typeMismatch(_, let context): return "wrong type for \(path(context)): \(context.debugDescription)"
        case .valueNotFound(_, let context): return "missing value for \(path(context))"
        @unknown default: return "malformed JSON body"
        }
    }
}
