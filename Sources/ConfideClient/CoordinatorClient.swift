import ConfideCrypto
import ConfideProtocol
import Foundation

/// A device's typed view of the coordinator API: signs every request with the device's
/// identity key and turns error responses into ``ProtocolError``s.
public struct CoordinatorClient: Sendable {
    let transport: any CoordinatorTransport
    let signer: RequestSigner

    /// A client for the device holding `identity`.
    public init(transport: any CoordinatorTransport, identity: IdentityKey) throws {
        self.transport = transport
        signer = try RequestSigner(identity: identity)
    }

    /// The device's identifier.
    public var device: DeviceID { signer.device }

    /// Sends a signed request and returns the body of a 2xx answer.
    public func call(_ method: String, _ target: String, body: [UInt8] = []) async throws -> [UInt8] {
        let headers = try signer.headers(method: method, target: target, body: body)
            + (body.isEmpty ? [] : [("Content-Type", "application/octet-stream")])
        let (status, answer) = try await transport.send(method: method, target: target, headers: headers, body: body)
        guard (200..<300).contains(status) else {
            let detail = try? JSONDecoder().decode(ErrorBody.self, from: Data(answer))
            throw ClientError(status: status, code: detail?.error.code ?? "http_\(status)",
                              message: detail?.error.message ?? "the coordinator answered HTTP \(status)")
        }
        return answer
    }

    /// Sends a signed JSON request and decodes the JSON answer.
    public func json<Answer: Decodable>(_ method: String, _ target: String, _ value: some Encodable,
                                        as: Answer.Type = Answer.self) async throws -> Answer {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let answer = try await call(method, target, body: Array(try encoder.encode(value)))
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(Answer.self, from: Data(answer))
    }

    /// Sends a signed request without a body and decodes the JSON answer.
    public func get<Answer: Decodable>(_ target: String, as: Answer.Type = Answer.self) async throws -> Answer {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(Answer.self, from: Data(try await call("GET", target)))
    }
}

/// An error answer from the coordinator.
public struct ClientError: Error, Sendable, CustomStringConvertible {
    /// The HTTP status.
    public let status: Int
    /// The error body's code.
    public let code: String
    /// The error body's message.
    public let message: String

    public var description: String { "HTTP \(status) \(code): \(message)" }
}
