import ConfideProtocol
import Hummingbird
import NIOCore

/// Per-request state of the coordinator's HTTP API.
public struct CoordinatorRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The device whose signature this request carried, once ``DeviceAuthenticationMiddleware`` verified it.
    public var device: DeviceID?
    /// The request body, collected (within the size limit) by the authentication middleware.
    public var body: [UInt8] = []
    /// The peer's address (`nil` in tests that call the router without a socket).
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// JSON bodies decoded with `request.decode` are limited to 1 MiB.
    public var maxUploadSize: Int { 1 << 20 }

    /// The peer's IP address as text, for per-address limits ("unknown" without a socket).
    var sourceAddress: String { remoteAddress?.ipAddress ?? "unknown" }
}
