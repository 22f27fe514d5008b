import ConfideProtocol
import Hummingbird

/// The device API inside a round: the work order, the stage, and the four secure
/// aggregation stages. Messages travel as binary bodies.
struct RoundRoutes {
    let engine: RoundEngine

    func work(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        HTTPReply.binary(try await engine.workOrder(try device(context), round: try round(context)))
    }

    func stage(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        let after = request.uri.queryParameters.get("after")
        return try HTTPReply.json(try await engine.stage(try device(context), round: try round(context), after: after))
    }

    func advertise(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        try await engine.advertise(try device(context), round: try round(context), body: context.body)
        return HTTPReply.accepted
    }

    func neighbourKeys(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        HTTPReply.binary(try await engine.neighbourKeys(try device(context), round: try round(context)))
    }

    func postShares(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        try await engine.shareKeys(try device(context), round: try round(context), body: context.body)
        return HTTPReply.accepted
    }

    func getShares(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        HTTPReply.binary(try await engine.shareDelivery(try device(context), round: try round(context)))
    }

    func input(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        try await engine.maskedInput(try device(context), round: try round(context), sealed: context.body)
        return HTTPReply.accepted
    }

    func getUnmask(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        HTTPReply.binary(try await engine.unmaskRequest(try device(context), round: try round(context)))
    }

    func postUnmask(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        try await engine.unmaskResponse(try device(context), round: try round(context), body: context.body)
        return HTTPReply.accepted
    }

    private func device(_ context: CoordinatorRequestContext) throws -> DeviceID {
        guard let device = context.device else { throw ProtocolError(.unauthenticated, "the request is not signed by a device") }
        return device
    }

    private func round(_ context: CoordinatorRequestContext) throws -> String {
        let id = try context.parameters.require("id")
        guard id.utf8.count <= 64 else { throw ProtocolError(.malformed, "a round id has at most 64 characters") }
        return id
    }
}
