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
    let limiter: RegistrationLimiter
    let maxOpenBodyBytes: Int
    /// Unix milliseconds when the coordinator started: earlier signatures are refused.
    let startedAt: Int64
    let clock: @Sendable () -> Int64

    /// `POST /v1/devices`, signed with the key it registers (proof of possession) and
    /// carrying a one-time enrolment code, from which the device's subject comes.
    ///
    /// Rate-limited per source address and overall before anything else is done; the body
    /// is limited to ``CoordinatorConfiguration/maxOpenBodyBytes``. A refused registration
    /// stores nothing.
    func register(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        let now = clock()
        try await limiter.admit(context.sourceAddress, now: Double(now) / 1000)
        var request = request
        let headers = try SignedRequestHeaders(request.headers)
        try headers.checkFreshness(now: now, notBefore: startedAt)
        let body = try await DeviceAuthenticationMiddleware.collect(&request, limit: maxOpenBodyBytes)
        let registration = try RegisterDeviceRequest.decode(from: body)
        guard let keyBytes = Data(base64Encoded: registration.identityPublicKey),
              let identity = try? IdentityPublicKey(bytes: Array(keyBytes)) else {
            throw ProtocolError(.malformed, "identityPublicKey must be a base64 Ed25519 public key (32 bytes)")
        }
        try headers.verify(method: request.method.rawValue, target: request.uri.description, body: body, identity: identity,
                           now: now, notBefore: startedAt)
        try await replays.admit(headers, now: now)
        try await store.registerDevice(headers.device.rawValue, enrolmentCode: registration.enrolmentCode, publicKey: identity,
                                       maxDevices: store.policy.training.maxDevicesPerSubject)
        await directory.registered(headers.device, identity: identity)
        let response = RegisterDeviceResponse(
            device: headers.device, coordinatorIdentityKey: Data(keys.identity.publicKey.bytes).base64EncodedString(),
            coordinatorSealingKey: Data(keys.sealing.publicKey.bytes).base64EncodedString())
        return try HTTPReply.json(response, status: .created)
    }

    /// `POST /v1/consent`: records the device user's grant or withdrawal; answers the signed receipt.
    func consent(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        let change = try ConsentChangeRequest.decode(from: context.body)
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
        let confirmation = try WipeConfirmation.decode(from: context.body)
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
            throw ProtocolError(.notFound, "no task '\(name)'; tasks are stats, kmeans, mf, eval and histogram")
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
