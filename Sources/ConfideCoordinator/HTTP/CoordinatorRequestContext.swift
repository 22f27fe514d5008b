import ConfideProtocol
import Hummingbird

/// Per-request state of the coordinator's HTTP API.
public struct CoordinatorRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The device whose signature this request carried, once ``DeviceAuthenticationMiddleware`` verified it.
    public var device: DeviceID?
    /// The request body, collected (within the size limit) by the authentication middleware.
    public var body: [UInt8] = []

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// JSON bodies decoded with `request.decode` are limited to 1 MiB.
    public var maxUploadSize: Int { 1 << 20 }
}
