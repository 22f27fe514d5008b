/// Carries a device's HTTP requests to the coordinator; live over AsyncHTTPClient, or
/// through a router in tests.
public protocol CoordinatorTransport: Sendable {
    /// Sends `body` with `headers` to `target` (path and query) and returns the status and body.
    func send(method: String, target: String, headers: [(String, String)], body: [UInt8]) async throws -> (status: Int, body: [UInt8])
}
