import ConfideProtocol
import Foundation
import Hummingbird

/// Builders for the coordinator's responses and strict request decoding.
enum HTTPReply {
    /// A JSON response with ISO 8601 dates.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok, encoder: JSONEncoder = HTTPReply.encoder) throws -> Response {
        Response(status: status, headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    /// A binary response.
    static func binary(_ bytes: [UInt8]) -> Response {
        Response(status: .ok, headers: [.contentType: "application/octet-stream"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// An empty `204 No Content`.
    static var accepted: Response { Response(status: .noContent) }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        // ε is +∞ for rounds run without noise; say so rather than fail.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }

    /// Decodes a flat JSON object, refusing fields outside `allowed` (a typo or an
    /// unexpected field is an error, not silently ignored).
    static func decode<T: Decodable>(_ type: T.Type, from body: [UInt8], allowed: Set<String>) throws -> T {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw ProtocolError(.malformed, "the body must be one JSON object")
        }
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw ProtocolError(.malformed, "unknown field '\(unknown)'; allowed: \(allowed.sorted().joined(separator: ", "))")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: Data(body))
    }
}
