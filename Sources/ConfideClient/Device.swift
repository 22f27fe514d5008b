@_spi(AttackDemonstration) import ConfideAggregation
import ConfideCrypto
import ConfideProtocol
import ConfideStore
import Foundation

/// A device: its identity key, its subject's data in its own local store, its user's
/// consent choices, and the protocol client that trains with the coordinator.
///
/// Raw data never leaves it: only masked, noised updates (inside secure aggregation) and
/// consent changes are sent.
public actor Device {
    /// The device's signing client.
    public nonisolated let client: CoordinatorClient
    let identity: IdentityKey
    var local: DeviceLocalStore?
    var data: DeviceData
    /// Models and state for on-device segments and recommendations (Device+Personalization.swift).
    var personalization = DevicePersonalization()
    private var consent: [String: Bool] = [:]
    private var coordinatorIdentity: IdentityPublicKey?
    private let configurations: RoundConfigurationCache?
    /// Whether the device wiped itself on the coordinator's instruction.
    public private(set) var isWiped = false
    /// How this device misbehaves in rounds: `nil` (honest) except in attack simulations.
    public var misbehaviour: DeviceMisbehaviour?
    /// Rounds this device's input was part of, with their ε (the device's own ledger).
    public private(set) var ledger: [(round: String, task: String, epsilon: Double)] = []

    /// The device's identifier.
    public nonisolated var id: DeviceID { client.device }

    /// The coordinator's identity key, learned at registration; models are checked against it.
    public var coordinatorKey: IdentityPublicKey? { coordinatorIdentity }

    /// A device with its own local store and the training data derived from it.
    ///
    /// Simulated devices in one process may share `configurations`; a real device has none.
    public init(identity: IdentityKey, transport: any CoordinatorTransport, local: DeviceLocalStore?, data: DeviceData,
                configurations: RoundConfigurationCache? = nil) throws {
        self.identity = identity
        client = try CoordinatorClient(transport: transport, identity: identity)
        self.local = local
        self.data = data
        self.configurations = configurations
    }

    /// Registers with the coordinator using a one-time enrolment code, which the service
    /// the user signed in with obtained for them; the code decides the device's subject.
    public func register(enrolmentCode: String) async throws {
        let request = RegisterDeviceRequest(identityPublicKey: Data(identity.publicKey.bytes).base64EncodedString(),
                                            enrolmentCode: enrolmentCode)
        let answer = try await client.json("POST", Routes.devices, request, as: RegisterDeviceResponse.self)
        guard answer.device == id, let key = Data(base64Encoded: answer.coordinatorIdentityKey) else {
            throw ProtocolError(.malformed, "the coordinator's registration answer does not match this device")
        }
        coordinatorIdentity = try IdentityPublicKey(bytes: Array(key))
    }

    /// Records the user's consent choice locally and with the coordinator.
    public func setConsent(purpose: String, granted: Bool, channel: String = "app", method: String = "toggle") async throws {
        consent[purpose] = granted
        _ = try await client.call("POST", Routes.consent, body: Array(try JSONEncoder().encode(
            ConsentChangeRequest(purpose: purpose, granted: granted, channel: channel, method: method))))
    }

    /// Whether the user consents to `purpose` (checked before joining and before sending input).
    public func consents(to purpose: String) -> Bool { consent[purpose] == true }

    /// Checks in once; takes part in a round if invited, or wipes itself if told to.
    public func step(dropout: DropoutPoint? = nil) async throws -> DeviceStep {
        let answer = try await client.json("POST", Routes.checkIn, [String: String](), as: CheckInResponse.self)
        switch answer.action {
        case .wait:
            return .waited
        case .wipe:
            try await wipe()
            return .wiped
        case .join:
            guard let ticket = answer.round else { throw ProtocolError(.malformed, "a join answer without a round") }
            guard consents(to: ticket.purpose) else { return .declined(purpose: ticket.purpose) }
            return try await participate(ticket, dropout: dropout)
        }
    }

    /// Makes the device misbehave in later rounds (attack simulations only), or honest again with `nil`.
    public func misbehave(_ how: DeviceMisbehaviour?) { misbehaviour = how }

    /// Closes the local store; call once the device is no longer used.
    public func close() async {
        await local?.close()
        local = nil
    }

    /// Deletes the subject's local data and confirms to the coordinator.
    public func wipe() async throws {
        if let local { try await local.destroy() }
        local = nil
        data = DeviceData()
        personalization = DevicePersonalization()
        consent = [:]
        ledger = []
        isWiped = true
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        _ = try await client.call("POST", Routes.wipe, body: Array(try encoder.encode(WipeConfirmation(wipedAt: Date()))))
    }

    // MARK: A round

    private func participate(_ ticket: RoundTicket, dropout: DropoutPoint?) async throws -> DeviceStep {
        let id = ticket.roundID
        guard let coordinatorIdentity else { throw ProtocolError(.unauthenticated, "the device has not registered yet") }
        let order = try ModelDocument(verifying: try await client.call("GET", Routes.work(id)), with: coordinatorIdentity)
        guard order.header.round == id, let work = order.header.work,
              let sealing = order.header.metadata["sealing_key"].flatMap({ Data(base64Encoded: $0) }) else {
            throw ProtocolError(.malformed, "the work order does not describe round \(id)")
        }
        let sealingKey = try AgreementPublicKey(bytes: Array(sealing))
        let configuration = try await configurations?.configuration(order.attachment)
            ?? RoundConfiguration(serialized: order.attachment)
        var secagg = try SecAggClient(configuration: configuration, id: self.id, identity: identity)
        secagg.misbehaviour = switch misbehaviour {
        case .spoilEnvelopes: .spoilEnvelopes
        case .wrongShares: .wrongShares
        case .unclippedUpdate, nil: nil
        }
        if dropout == .beforeAdvertise { return .dropped(roundID: id, at: DropoutPoint.beforeAdvertise.rawValue) }

        let advertised = try await send(Routes.advertise(id), try secagg.advertiseKeys().serialized(), then: Routes.neighbourKeys(id))
        if dropout == .afterAdvertise { return .dropped(roundID: id, at: DropoutPoint.afterAdvertise.rawValue) }
        guard let keys = advertised else { return .dropped(roundID: id, at: "advertise") }

        let shared = try await send(Routes.shares(id), try secagg.shareKeys(NeighbourKeys(serialized: keys)).serialized(),
                                    then: Routes.shares(id))
        if dropout == .afterShareKeys { return .dropped(roundID: id, at: DropoutPoint.afterShareKeys.rawValue) }
        guard let shares = shared else { return .dropped(roundID: id, at: "share") }

        let receipt = try secagg.receiveShares(ShareDelivery(serialized: shares))
        guard let partners = try await send(Routes.receipt(id), receipt.serialized(), then: Routes.partners(id)) else {
            return .dropped(roundID: id, at: "receipt")
        }
        let update = try DeviceWorker.update(for: work, parameters: order.parameters, data: data)
        // The user may have withdrawn while the round ran: then nothing is sent.
        guard consents(to: ticket.purpose) else { return .declined(purpose: ticket.purpose) }
        var words = try UpdateEncoder(configuration: configuration).encode(update).words
        if misbehaviour == .unclippedUpdate {
            // About 8 % of the 32-bit range per coordinate, far beyond any clip norm; not a power
            // of two, so several attackers do not wrap around to zero together.
            words = words.map { $0 &+ 0x1357_9BDF }
        }
        let masked = try secagg.maskInput(MaskPartners(serialized: partners), input: words)
        let contributors = try await send(Routes.input(id), try SealedBox.seal(masked.serialized(), to: sealingKey),
                                          then: Routes.contributors(id))
        if dropout == .afterMaskedInput { return .dropped(roundID: id, at: DropoutPoint.afterMaskedInput.rawValue) }
        guard let contributors else { return .dropped(roundID: id, at: "input") }

        let signature = try secagg.signContributors(ContributorSet(serialized: contributors))
        guard let unmask = try await send(Routes.consistency(id), signature.serialized(), then: Routes.unmask(id)) else {
            return .dropped(roundID: id, at: "consistency")
        }
        _ = try await client.call("POST", Routes.unmask(id), body: try secagg.unmask(UnmaskRequest(serialized: unmask)).serialized())
        var status = try await waitForStage(id, after: "unmask")
        while status.stage == "finishing" { status = try await waitForStage(id, after: "finishing") }
        guard status.stage == "completed", status.active else {
            return .participated(roundID: id, task: ticket.task, completed: false)
        }
        let epsilon = status.epsilon ?? .infinity  // no guarantee when the round ran without noise
        ledger.append((id, ticket.task, epsilon))
        try await local?.recordParticipation(round: id, device: self.id.rawValue, task: ticket.task,
                                             modelVersion: order.header.version + 1, epsilon: epsilon)
        return .participated(roundID: id, task: ticket.task, completed: true)
    }

    /// Posts a stage message; the answer carries the device's output of the next stage, or
    /// is empty (`202`) if that stage had not closed yet, in which case it is fetched from
    /// `output`. `nil` if the device was dropped or the round ended.
    private func send(_ target: String, _ body: [UInt8], then output: String) async throws -> [UInt8]? {
        do {
            let answer = try await client.call("POST", target, body: body)
            return answer.isEmpty ? try await stageOutput(output) : answer
        } catch let error as ClientError where error.code == ProtocolError.Kind.gone.code {
            return nil
        }
    }

    /// Long-polls for this device's output of a stage; `nil` if the device was dropped or the round ended.
    private func stageOutput(_ target: String) async throws -> [UInt8]? {
        while true {
            do {
                return try await client.call("GET", target)
            } catch let error as ClientError where error.code == ProtocolError.Kind.notReady.code {
                continue
            } catch let error as ClientError where error.code == ProtocolError.Kind.gone.code {
                return nil
            }
        }
    }

    /// Long-polls the round's stage until it moves past `after` or the device is dropped.
    private func waitForStage(_ round: String, after: String) async throws -> StageStatus {
        while true {
            let status = try await client.get(Routes.stage(round) + "?after=\(after)", as: StageStatus.self)
            if status.stage != after || !status.active { return status }
        }
    }
}
