import AsyncHTTPClient
import Foundation
import NIOCore

/// Sends device requests over HTTP with AsyncHTTPClient, sharing one client (and its
/// connection pool) among all simulated devices.
public struct HTTPClientTransport: CoordinatorTransport {
    /// The coordinator's base URL, e.g. `http://127.0.0.1:8080`.
    public let baseURL: String
    let client: HTTPClient
    let timeout: TimeAmount

    /// A transport to `baseURL` over `client`; requests time out after `timeout` (default 60 s).
    public init(baseURL: String, client: HTTPClient, timeout: TimeAmount = .seconds(60)) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.client = client
        self.timeout = timeout
    }

    public func send(method: String, target: String, headers: [(String, String)], body: [UInt8]) async throws -> (status: Int, body: [UInt8]) {
        var request = HTTPClientRequest(url: baseURL + target)
        request.method = .init(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if !body.isEmpty { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await client.execute(request, timeout: timeout)
        let buffer = try await response.body.collect(upTo: 1 << 30)
        return (Int(response.status.code), Array(buffer.readableBytesView))
    }
}
