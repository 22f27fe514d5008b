import ConfideProtocol
import Hummingbird

/// The device API inside a round: the work order, the stage, and the six secure
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

    /// AdvertiseKeys; answers with the device's neighbours' keys once the stage closes
    /// (or `202` if it has not closed within the long poll: then `GET neighbour-keys`).
    func advertise(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        let device = try device(context), round = try round(context)
        try await engine.advertise(device, round: round, body: context.body)
        return try await Self.next { try await engine.neighbourKeys(device, round: round) }
    }

    func neighbourKeys(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        HTTPReply.binary(try await engine.neighbourKeys(try device(context), round: try round(context)))
    }

    /// ShareKeys; answers with the shares addressed to the device once the stage closes (or `202`).
    func postShares(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        let device = try device(context), round = try round(context)
        try await engine.shareKeys(device, round: round, body: context.body)
        return try await Self.next { try await engine.shareDelivery(device, round: round) }
    }

    func getShares(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        HTTPReply.binary(try await engine.shareDelivery(try device(context), round: try round(context)))
    }

    /// ShareReceipt; answers with the device's mask partners once the stage closes (or `202`).
    func receipt(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        let device = try device(context), round = try round(context)
        try await engine.shareReceipt(device, round: round, body: context.body)
        return try await Self.next { try await engine.maskPartners(device, round: round) }
    }

    func partners(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        HTTPReply.binary(try await engine.maskPartners(try device(context), round: try round(context)))
    }

    /// The sealed masked input; answers with the contributor set to sign once the stage closes (or `202`).
    func input(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        let device = try device(context), round = try round(context)
        try await engine.maskedInput(device, round: round, sealed: context.body)
        return try await Self.next { try await engine.contributorSet(device, round: round) }
    }

    func contributors(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        HTTPReply.binary(try await engine.contributorSet(try device(context), round: try round(context)))
    }

    /// The consistency signature; answers with the device's unmask request once the stage closes (or `202`).
    func consistency(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        let device = try device(context), round = try round(context)
        try await engine.consistencySignature(device, round: round, body: context.body)
        return try await Self.next { try await engine.unmaskRequest(device, round: round) }
    }

    /// The next stage's output as a binary `200`, or an empty `202 Accepted` if it is not
    /// ready within the long poll (the message itself was accepted either way).
    private static func next(_ output: () async throws -> [UInt8]) async throws -> Response {
        do {
            return HTTPReply.binary(try await output())
        } catch let error as ProtocolError where error.kind == .notReady {
            return Response(status: .accepted)
        }
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
