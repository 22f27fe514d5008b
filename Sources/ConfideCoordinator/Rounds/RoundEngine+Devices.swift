import ConfideAggregation
import ConfideCrypto
import ConfideProtocol
import ConfideStore
import Hummingbird

extension RoundEngine {
    // MARK: Check-in and stage

    /// What `device` should do now; waits up to the long-poll time for a round to include it.
    public func checkIn(_ device: DeviceID) async throws -> CheckInResponse {
        if let response = try await immediateCheckIn(device) { return response }
        await waitForChange(timeout: configuration.longPoll)
        return try await immediateCheckIn(device) ?? CheckInResponse(action: .wait, retryAfterMilliseconds: 0)
    }

    private func immediateCheckIn(_ device: DeviceID) async throws -> CheckInResponse? {
        guard let record = try await store.device(device.rawValue) else {
            throw ProtocolError(.unauthenticated, "device \(device) is not registered")
        }
        if record.status != .active { return CheckInResponse(action: .wipe) }
        guard let round, round.phase == .advertise, let index = round.index(of: device), round.server.owesMessage(index) else {
            return nil
        }
        return CheckInResponse(action: .join, round: RoundTicket(roundID: round.id, task: round.record.task.rawValue,
                                                                 purpose: round.record.purpose))
    }

    /// The round's stage for `device`; if it is still `after`, waits up to the long-poll time.
    public func stage(_ device: DeviceID, round id: String, after: String?) async throws -> StageStatus {
        var status = try stageStatus(device, id)
        if status.stage == after, !(RoundPhase(rawValue: status.stage)?.isFinal ?? true) {
            await waitForChange(timeout: configuration.longPoll)
            status = try stageStatus(device, id)
        }
        return status
    }

    /// What devices are told of an aborted round. The real reason (which may concern
    /// another cohort member, such as a withdrawn consent) is for admins only.
    static let abortedForDevices = "the round was aborted and nothing of it was applied; wait for the next invitation"

    private func stageStatus(_ device: DeviceID, _ id: String) throws -> StageStatus {
        if round?.id != id, let ended = finished[id] {
            return StageStatus(stage: ended.phase.rawValue, active: ended.contributors.contains(device),
                               reason: ended.reason.map { _ in Self.abortedForDevices },
                               epsilon: ended.epsilon.flatMap { $0.isFinite ? $0 : nil })
        }
        let active = try member(device, id)
        return StageStatus(stage: active.phase.rawValue, active: active.isActive(device),
                           reason: active.abortReason.map { _ in Self.abortedForDevices },
                           epsilon: active.epsilon.flatMap { $0.isFinite ? $0 : nil })
    }

    /// The round's signed work order.
    public func workOrder(_ device: DeviceID, round id: String) throws -> ByteBuffer {
        try member(device, id).workOrder
    }

    // MARK: Stage messages

    /// AdvertiseKeys from `device`.
    public func advertise(_ device: DeviceID, round id: String, body: [UInt8]) throws {
        let message = try parse { () throws(AggregationError) in try AdvertiseKeys(serialized: body) }
        try receive(device, id, sender: message.sender) { server throws(AggregationError) in try server.receive(message) }
    }

    /// The keys of `device`'s neighbours, once AdvertiseKeys closed (waits for it).
    public func neighbourKeys(_ device: DeviceID, round id: String) async throws -> [UInt8] {
        try await output(device, id, \.neighbourKeys, "neighbour keys")
    }

    /// ShareKeys from `device`.
    public func shareKeys(_ device: DeviceID, round id: String, body: [UInt8]) throws {
        let message = try parse { () throws(AggregationError) in try ShareKeys(serialized: body) }
        try receive(device, id, sender: message.sender) { server throws(AggregationError) in try server.receive(message) }
    }

    /// The encrypted shares addressed to `device`, once ShareKeys closed (waits for it).
    public func shareDelivery(_ device: DeviceID, round id: String) async throws -> [UInt8] {
        try await output(device, id, \.deliveries, "shares")
    }

    /// The share receipt of `device`.
    public func shareReceipt(_ device: DeviceID, round id: String, body: [UInt8]) throws {
        let message = try parse { () throws(AggregationError) in try ShareReceipt(serialized: body) }
        try receive(device, id, sender: message.sender) { server throws(AggregationError) in try server.receive(message) }
    }

    /// The partners `device` masks with, once ShareReceipt closed (waits for it).
    public func maskPartners(_ device: DeviceID, round id: String) async throws -> [UInt8] {
        try await output(device, id, \.partners, "mask partners")
    }

    /// The masked input of `device`, sealed to the coordinator. Refused if the device's
    /// subject no longer consents to the round's purpose: its input must not reach the sum.
    public func maskedInput(_ device: DeviceID, round id: String, sealed: [UInt8]) async throws {
        // Only these two values cross the await (see `readyOutput`).
        let purpose = try member(device, id).record.purpose
        if let subject = round?.subjects[device] {
            let consent = try await store.consentStatus(subject: subject, purpose: purpose)
            guard consent.isGranted else {
                throw ProtocolError(.forbidden, "the device's subject does not consent to \(purpose) now")
            }
        }
        let plain: [UInt8]
        do {
            plain = try keys.sealing.openSealedBox(sealed)
        } catch {
            throw ProtocolError(.malformed, "the masked input is not sealed to this coordinator's current key")
        }
        let message = try parse { () throws(AggregationError) in try MaskedInput(serialized: plain) }
        try receive(device, id, sender: message.sender) { server throws(AggregationError) in try server.receive(message) }
    }

    /// The contributor set for `device` to sign, once MaskedInput closed (waits for it).
    public func contributorSet(_ device: DeviceID, round id: String) async throws -> [UInt8] {
        try await output(device, id, \.contributorSets, "the contributor set")
    }

    /// The consistency signature of `device` over the contributor set.
    public func consistencySignature(_ device: DeviceID, round id: String, body: [UInt8]) throws {
        let message = try parse { () throws(AggregationError) in try ConsistencySignature(serialized: body) }
        try receive(device, id, sender: message.sender) { server throws(AggregationError) in try server.receive(message) }
    }

    /// The unmask request for `device`, once ConsistencyCheck closed (waits for it).
    public func unmaskRequest(_ device: DeviceID, round id: String) async throws -> [UInt8] {
        try await output(device, id, \.unmaskRequests, "an unmask request")
    }

    /// The unmask response of `device`.
    public func unmaskResponse(_ device: DeviceID, round id: String, body: [UInt8]) throws {
        let message = try parse { () throws(AggregationError) in try UnmaskResponse(serialized: body) }
        try receive(device, id, sender: message.sender) { server throws(AggregationError) in try server.receive(message) }
    }

    // MARK: Helpers

    /// The open round `id` if `device` is in its cohort.
    private func member(_ device: DeviceID, _ id: String) throws -> ActiveRound {
        guard let round, round.id == id else { throw ProtocolError(.notFound, "round \(id) is not the coordinator's current round") }
        guard round.index(of: device) != nil else { throw ProtocolError(.forbidden, "device \(device) is not in round \(id)") }
        return round
    }

    /// A device's output of a closed stage; waits up to the long-poll time for the stage to close.
    private func output(_ device: DeviceID, _ id: String, _ outputs: KeyPath<ActiveRound, [DeviceID: [UInt8]]>,
                        _ what: String) async throws -> [UInt8] {
        if let bytes = try readyOutput(device, id, outputs) { return bytes }
        await waitForChange(timeout: configuration.longPoll)
        if let bytes = try readyOutput(device, id, outputs) { return bytes }
        throw ProtocolError(.notReady, "\(what) are not ready yet; ask again")
    }

    /// The output if it is ready, `nil` if the device should wait. Synchronous on purpose: a
    /// copy of the round held across a suspension shares the server's tables, so the next
    /// message would copy them (thousands of waiting devices made that gigabytes).
    private func readyOutput(_ device: DeviceID, _ id: String, _ outputs: KeyPath<ActiveRound, [DeviceID: [UInt8]]>) throws -> [UInt8]? {
        guard let active = round, active.id == id else {
            throw ProtocolError(.gone, "round \(id) is over")
        }
        guard active.index(of: device) != nil else { throw ProtocolError(.forbidden, "device \(device) is not in round \(id)") }
        if let bytes = active[keyPath: outputs][device] { return bytes }
        guard active.isActive(device), !active.phase.isFinal else {
            throw ProtocolError(.gone, "device \(device) is no longer in round \(id)")
        }
        return nil
    }

    private func parse<Message>(_ body: () throws(AggregationError) -> Message) throws -> Message {
        do {
            return try body()
        } catch {
            throw Self.protocolError(error)
        }
    }

    /// Feeds a message to the server after checking that its sender is the authenticated device.
    private func receive(_ device: DeviceID, _ id: String, sender: Int,
                         _ body: (inout SecAggServer) throws(AggregationError) -> Void) throws {
        guard try member(device, id).index(of: device) == sender else {
            throw ProtocolError(.forbidden, "device \(device) sent a message in another device's name")
        }
        // The server is mutated where it is stored: mutating a copy would make every message
        // duplicate the server's per-device tables (copy-on-write), O(cohort) time and memory
        // per message, which at 10,000 devices held gigabytes. SecAggServer checks a message
        // completely before it changes anything, so a refused message leaves the round as it was.
        do {
            try body(&round!.server)
        } catch {
            throw Self.protocolError(error)
        }
        let now = ContinuousClock.now
        round!.lastMessage = now
        if round!.quorumReached == nil, round!.hasQuorum { round!.quorumReached = now }
        if round!.server.isStageComplete { wakeRunner() }
    }

    /// The HTTP meaning of a secure-aggregation error.
    static func protocolError(_ error: AggregationError) -> ProtocolError {
        let kind: ProtocolError.Kind = switch error.kind {
        case .malformedMessage, .unsupportedVersion: .malformed
        case .invalidSignature: .unauthenticated
        case .wrongRound, .unknownParty: .forbidden
        case .wrongStage, .duplicateMessage, .roundAborted: .conflict
        default: .unprocessable
        }
        return ProtocolError(kind, error.message)
    }
}
