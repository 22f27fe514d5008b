import ConfideCrypto
import ConfidePolicy
import ConfideProtocol
import ConfideStore
import Foundation
import Hummingbird

/// The device API outside rounds: registration, consent, check-in, wipe and models.
struct DeviceRoutes {
    let store: ConfideStore
    let engine: RoundEngine
    let keys: CoordinatorKeys
    let directory: StoreDeviceDirectory
    let replays: ReplayRegistry
    let maxBodyBytes: Int
    let clock: @Sendable () -> Int64

    /// `POST /v1/devices`, signed with the key it registers (proof of possession).
    func register(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        var request = request
        let body = try await DeviceAuthenticationMiddleware.collect(&request, limit: maxBodyBytes)
        let registration = try HTTPReply.decode(RegisterDeviceRequest.self, from: body, allowed: ["identityPublicKey", "subject"])
        guard let keyBytes = Data(base64Encoded: registration.identityPublicKey),
              let identity = try? IdentityPublicKey(bytes: Array(keyBytes)) else {
            throw ProtocolError(.malformed, "identityPublicKey must be a base64 Ed25519 public key (32 bytes)")
        }
        let subject = registration.subject.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !subject.isEmpty, subject.utf8.count <= 256 else {
            throw ProtocolError(.malformed, "subject must be 1 to 256 characters")
        }
        let headers = try SignedRequestHeaders { request.headers[.init($0)!] }
        let now = clock()
        try headers.verify(method: request.method.rawValue, target: request.uri.description, body: body, identity: identity, now: now)
        try await replays.admit(headers, now: now)
        try await store.registerDevice(headers.device.rawValue, subject: store.pseudonym(for: subject), publicKey: identity)
        let response = RegisterDeviceResponse(
            device: headers.device, coordinatorIdentityKey: Data(keys.identity.publicKey.bytes).base64EncodedString(),
            coordinatorSealingKey: Data(keys.sealing.publicKey.bytes).base64EncodedString())
        return try HTTPReply.json(response, status: .created)
    }

    /// `POST /v1/consent`: records the device user's grant or withdrawal; answers the signed receipt.
    func consent(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        let change = try HTTPReply.decode(ConsentChangeRequest.self, from: context.body,
                                          allowed: ["purpose", "granted", "channel", "method"])
        let subject = try await subject(of: context)
        let receipt = change.granted
            ? try await store.grantConsent(subject: subject, purpose: change.purpose, channel: change.channel, method: change.method)
            : try await store.withdrawConsent(subject: subject, purpose: change.purpose, channel: change.channel, method: change.method)
        return try HTTPReply.json(receipt, status: .created, encoder: StoreJSON.encoder(pretty: false))
    }

    /// `POST /v1/checkin`: what to do now (long poll).
    func checkIn(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        try HTTPReply.json(try await engine.checkIn(try device(context)))
    }

    /// `POST /v1/wipe`: the device deleted its subject's data; it is forgotten and refused afterwards.
    func wipe(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        let confirmation = try HTTPReply.decode(WipeConfirmation.self, from: context.body, allowed: ["wipedAt"])
        let device = try device(context)
        guard let record = try await store.device(device.rawValue), record.status == .wipePending else {
            throw ProtocolError(.conflict, "device \(device) was not asked to wipe itself")
        }
        try await store.confirmWipe(device.rawValue, at: min(confirmation.wipedAt, Date()))
        await directory.evict(device)
        return HTTPReply.accepted
    }

    /// `GET /v1/models/{task}`: the latest signed model of a task.
    func model(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        let name = try context.parameters.require("task")
        guard let task = TrainingTask(rawValue: name) else {
            throw ProtocolError(.notFound, "no task '\(name)'; tasks are stats, kmeans, mf and eval")
        }
        guard let model = try await store.latestModel(task: task) else {
            throw ProtocolError(.notFound, "no \(name) model has been trained yet")
        }
        return HTTPReply.binary(model.parameters)
    }

    private func device(_ context: CoordinatorRequestContext) throws -> DeviceID {
        guard let device = context.device else { throw ProtocolError(.unauthenticated, "the request is not signed by a device") }
        return device
    }

    private func subject(of context: CoordinatorRequestContext) async throws -> Pseudonym {
        let device = try device(context)
        guard let record = try await store.device(device.rawValue), record.status == .active, let subject = record.subject else {
            throw ProtocolError(.forbidden, "device \(device) no longer belongs to a subject; it must wipe itself")
        }
        return subject
    }
}
