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
struct DeviceAuthenticationMiddleware: RouterMiddleware {
    typealias Context = CoordinatorRequestContext

    let directory: any DeviceDirectory
    let replays: ReplayRegistry
    let maxBodyBytes: Int
    let clock: @Sendable () -> Int64

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        var context = context
        let body = try await Self.collect(&request, limit: maxBodyBytes)
        let headers = try SignedRequestHeaders { request.headers[HTTPField.Name($0)!] }
        guard let identity = try await directory.identity(of: headers.device) else {
            throw ProtocolError(.unauthenticated, "device \(headers.device) is not registered")
        }
        let now = clock()
        try headers.verify(method: request.method.rawValue, target: request.uri.description, body: body,
                           identity: identity, now: now)
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

/// The coordinator's memory of recently seen request nonces, shared by all requests.
public actor ReplayRegistry {
    private var guardState = ReplayGuard()

    /// An empty registry.
    public init() {}

    func admit(_ headers: SignedRequestHeaders, now: Int64) throws {
        try guardState.admit(device: headers.device, nonce: headers.nonce, timestamp: headers.timestamp, now: now)
    }
}
