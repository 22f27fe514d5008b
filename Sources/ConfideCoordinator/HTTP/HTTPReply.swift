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
        binary(ByteBuffer(bytes: bytes))
    }

    /// A binary response sharing `buffer`'s storage (no copy).
    static func binary(_ buffer: ByteBuffer) -> Response {
        Response(status: .ok, headers: [.contentType: "application/octet-stream"], body: .init(byteBuffer: buffer))
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
}
