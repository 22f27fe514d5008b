import ConfideCrypto
import ConfideProtocol
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting

/// Sends hand-made requests through the router, signed as a device or carrying an admin
/// token, so tests can also send what a well-behaved client never would.
struct SignedCaller {
    let client: any TestClientProtocol
    let identity: IdentityKey
    let signer: RequestSigner

    init(client: any TestClientProtocol, identity: IdentityKey? = nil) throws {
        self.client = client
        self.identity = try identity ?? IdentityKey()
        signer = try RequestSigner(identity: self.identity)
    }

    /// A request signed by this device; `tamper` may edit the headers after signing.
    func signed(_ method: HTTPRequest.Method, _ target: String, body: [UInt8] = [],
                tamper: (inout [(String, String)]) -> Void = { _ in }) async throws -> TestResponse {
        var headers = try signer.headers(method: method.rawValue, target: target, body: body)
        tamper(&headers)
        return try await send(method, target, headers: headers, body: body)
    }

    /// A request with exactly these headers.
    func send(_ method: HTTPRequest.Method, _ target: String, headers: [(String, String)], body: [UInt8] = []) async throws -> TestResponse {
        var fields = HTTPFields()
        for (name, value) in headers { fields.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
        return try await client.executeRequest(uri: target, method: method, headers: fields, body: body.isEmpty ? nil : ByteBuffer(bytes: body))
    }

    /// An admin request with `token` (nil: no Authorization header).
    func admin(_ method: HTTPRequest.Method, _ target: String, token: String? = CoordinatorFixture.adminToken,
               json: String? = nil) async throws -> TestResponse {
        var headers: [(String, String)] = []
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        return try await send(method, target, headers: headers, body: json.map { Array($0.utf8) } ?? [])
    }

    /// Registers this device for `subject`, with a code minted through the admin API.
    func register(subject: String) async throws -> TestResponse {
        try await register(code: try await Enrolment.code(for: subject, via: RouterTransport(client: client)))
    }

    /// Registers this device with enrolment code `code`.
    func register(code: String) async throws -> TestResponse {
        let body = try JSONEncoder().encode(RegisterDeviceRequest(
            identityPublicKey: Data(identity.publicKey.bytes).base64EncodedString(), enrolmentCode: code))
        return try await signed(.post, Routes.devices, body: Array(body))
    }
}

extension TestResponse {
    /// The error body's code, if the response carries one.
    var errorCode: String? {
        (try? JSONDecoder().decode(ErrorBody.self, from: Data(body.readableBytesView)))?.error.code
    }
}
