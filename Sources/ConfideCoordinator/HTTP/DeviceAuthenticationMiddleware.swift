import ConfideCrypto
import ConfideProtocol
import HTTPTypes
import Hummingbird

/// Looks up the identity key of a registered device.
public protocol DeviceDirectory: Sendable {
    /// The Ed25519 identity of `device`, or `nil` if it is not registered.
    func identity(of device: DeviceID) async throws -> IdentityPublicKey?
}

/// Verifies the signature of every device request (see ``RequestAuthentication``),
/// refuses replays, and collects the body within the size limit into the context.
///
/// The cheap checks come first: the headers' form, the timestamp, and whether the device
/// is registered are settled before a byte of the body is buffered, so an unknown caller
/// cannot make the coordinator hold large bodies.
struct DeviceAuthenticationMiddleware: RouterMiddleware {
    typealias Context = CoordinatorRequestContext

    let directory: any DeviceDirectory
    let replays: ReplayRegistry
    let maxBodyBytes: Int
    /// Unix milliseconds when the coordinator started: earlier signatures are refused.
    let startedAt: Int64
    let clock: @Sendable () -> Int64

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        var context = context
        let headers = try SignedRequestHeaders(request.headers)
        let now = clock()
        try headers.checkFreshness(now: now, notBefore: startedAt)
        guard let identity = try await directory.identity(of: headers.device) else {
            throw ProtocolError(.unauthenticated, "device \(headers.device) is not registered")
        }
        let body = try await Self.collect(&request, limit: maxBodyBytes)
        try headers.verify(method: request.method.rawValue, target: request.uri.description, body: body,
                           identity: identity, now: now, notBefore: startedAt)
        try await replays.admit(headers, now: now)
        context.device = headers.device
        context.body = body
        return try await next(request, context)
    }

    /// The request body as bytes; throws ``ProtocolError/Kind/tooLarge`` beyond `limit`.
    static func collect(_ request: inout Request, limit: Int) async throws -> [UInt8] {
        do {
            let buffer = try await request.collectBody(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw ProtocolError(.tooLarge, "the request body exceeds the limit of \(limit) bytes")
        }
    }
}

extension SignedRequestHeaders {
    /// Parses the signature headers of an HTTP request.
    init(_ fields: HTTPFields) throws {
        try self.init { name in HTTPField.Name(name).flatMap { fields[$0] } }
    }
}

/// The coordinator's memory of recently seen request nonces, shared by all requests.
public actor ReplayRegistry {
    private var guardState = ReplayGuard()

    /// An empty registry.
    public init() {}

    func admit(_ headers: SignedRequestHeaders, now: Int64) throws {
        try guardState.admit(device: headers.device, nonce: headers.nonce, timestamp: headers.timestamp, now: now)
    }
}
