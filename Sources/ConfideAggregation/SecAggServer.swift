import ConfideCrypto

/// The coordinator's side of a secure-aggregation round, as a pure state machine.
///
/// Feed it the devices' messages with the `receive` methods, and tell it when a stage's
/// deadline has passed (or everyone has answered) with the `close` methods, which return
/// the messages to send next. It never sees an individual input: masked inputs are
/// folded into a running sum as they arrive, and ``finish(workers:)`` removes the masks
/// of the cohort as a whole.
///
/// Every message is checked before it changes anything: a rejected message throws an
/// ``AggregationError`` and leaves the server exactly as it was. If the round cannot
/// complete, the server moves to ``RoundStage/aborted``, discards the partial sum and
/// throws an error naming the device whose secrets could not be recovered.
public struct SecAggServer: Sendable {
    /// The round being run.
    public let configuration: RoundConfiguration
    /// The current stage.
    public internal(set) var stage: RoundStage = .advertiseKeys
    /// Why the round aborted, once it has.
    public internal(set) var abortReason: AggregationError?

    var status: [DeviceStatus]
    /// Devices that still owe a message for the current stage.
    var outstanding: Set<Int>
    var advertisements: [AdvertiseKeys?]
    var shareMessages: [ShareKeys?]
    var commitments: [[UInt8]?]
    var sum: [UInt32] = []
    var inputReceived: [Bool]
    /// Per recipient, the senders whose envelopes it was given, ascending.
    var delivered: [[Int]]
    /// Per device, the neighbours its receipt says it could not open.
    var failedEnvelopes: [[Int]]
    /// Per device, the neighbours it masks with and holds shares of (symmetric), ascending.
    var partners: [[Int]]
    /// The contributor set every device is asked to sign.
    var contributorSet: CohortBitmap?
    var consistencySignatures: [ConsistencySignature?]
    /// Per device asked to unmask: the owners of the self-mask and mask-key shares it must reveal.
    var requests: [(survivors: [Int], dropped: [Int])?]
    /// Revealed shares per owner, serialized (`index || threshold || value`).
    var selfShares: [[[UInt8]]]
    var keyShares: [[[UInt8]]]
    /// The cohort index that revealed each share in ``selfShares`` and ``keyShares``.
    var selfShareSenders: [[Int]]
    var keyShareSenders: [[Int]]
    let labels: MaskLabels
    /// A throwaway key used only to test that advertised keys are usable X25519 points.
    let probe: AgreementKey

    /// A server for `configuration`, waiting for every device's ``AdvertiseKeys``.
    public init(configuration: RoundConfiguration) throws(AggregationError) {
        let n = configuration.cohort.count
        self.configuration = configuration
        status = Array(repeating: .active, count: n)
        outstanding = Set(0..<n)
        advertisements = Array(repeating: nil, count: n)
        shareMessages = Array(repeating: nil, count: n)
        commitments = Array(repeating: nil, count: n)
        inputReceived = Array(repeating: false, count: n)
        delivered = Array(repeating: [], count: n)
        failedEnvelopes = Array(repeating: [], count: n)
        partners = Array(repeating: [], count: n)
        consistencySignatures = Array(repeating: nil, count: n)
        requests = Array(repeating: nil, count: n)
        selfShares = Array(repeating: [], count: n)
        keyShares = Array(repeating: [], count: n)
        selfShareSenders = Array(repeating: [], count: n)
        keyShareSenders = Array(repeating: [], count: n)
        labels = try MaskLabels(configuration)
        probe = try crypto("key generation") { try AgreementKey() }
    }

    // MARK: Inspection

    /// Whether `device` is still in the round.
    public func status(of device: Int) -> DeviceStatus { status[device] }

    /// Every device's status, by cohort index.
    public var deviceStatuses: [DeviceStatus] { status }

    /// Cohort indices of the devices still in the round, ascending.
    public var activeDevices: [Int] { status.indices.filter { status[$0] == .active } }

    /// Cohort indices of the devices that still owe a message for the current stage, ascending.
    public var pendingDevices: [Int] { outstanding.sorted() }

    /// Whether `device` still owes a message for the current stage (constant time).
    public func owesMessage(_ device: Int) -> Bool { outstanding.contains(device) }

    /// Whether every active device has delivered its message for the current stage, so
    /// the stage can be closed without waiting for the deadline.
    public var isStageComplete: Bool { outstanding.isEmpty }

    // MARK: Stage 1: AdvertiseKeys

    /// Accepts a device's key advertisement.
    public mutating func receive(_ message: AdvertiseKeys) throws(AggregationError) {
        try admit(message.roundID, message.sender, .advertiseKeys)
        try message.verify(configuration)
        // A low-order key would make every neighbour's key agreement fail later; refuse it now.
        for key in [message.encryptionKey, message.maskKey] {
            guard (try? probe.pairwiseKey(with: key, context: "confide.secagg.v1/key-check")) != nil else {
                throw AggregationError(.malformedMessage, "an advertised X25519 key is a low-order point, unusable for key agreement",
                                       device: configuration.cohort[message.sender].id)
            }
        }
        advertisements[message.sender] = message
        outstanding.remove(message.sender)
    }

    /// Closes AdvertiseKeys: drops silent devices, excludes devices left with fewer than t
    /// live neighbours, and returns each remaining device its neighbours' signed keys.
    public mutating func closeAdvertiseKeys() throws(AggregationError) -> [NeighbourKeys] {
        try expectStage(.advertiseKeys, "close AdvertiseKeys")
        dropOutstanding(at: .advertiseKeys)
        try pruneAndCheck(at: .advertiseKeys)
        let live = activeDevices
        outstanding = Set(live)
        stage = .shareKeys
        return live.map { device in
            let keys = liveNeighbours(of: device).map { advertisements[$0]! }
            return NeighbourKeys(roundID: configuration.roundID, recipient: device, advertisements: keys)
        }
    }

    // MARK: Stage 2: ShareKeys

    /// Accepts a device's encrypted shares; it must carry exactly one envelope for each of
    /// the device's neighbours that received keys.
    public mutating func receive(_ message: ShareKeys) throws(AggregationError) {
        try admit(message.roundID, message.sender, .shareKeys)
        let sender = message.sender
        let who = configuration.cohort[sender].id
        let expected = liveNeighbours(of: sender)
        guard message.envelopes.map(\.recipient) == expected else {
            throw AggregationError(.wrongLength,
                                   "ShareKeys must carry one envelope for each of the \(expected.count) live neighbours, by ascending index; it has \(message.envelopes.count)",
                                   device: who)
        }
        guard message.envelopes.allSatisfy({ $0.sender == sender && $0.ciphertext.count == EncryptedShares.ciphertextByteCount }),
              message.selfMaskCommitment.count == 32 else {
            throw AggregationError(.malformedMessage, "ShareKeys envelopes or commitment have the wrong size or sender", device: who)
        }
        try Signing.verify(message.signature, over: message.unsignedBytes, sender: sender, what: .shareKeys, configuration)
        shareMessages[sender] = message
        commitments[sender] = message.selfMaskCommitment
        outstanding.remove(sender)
    }

    /// Closes ShareKeys: drops silent devices, excludes devices left with fewer than t live
    /// neighbours, and routes each remaining device the envelopes of its remaining neighbours.
    public mutating func closeShareKeys() throws(AggregationError) -> [ShareDelivery] {
        try expectStage(.shareKeys, "close ShareKeys")
        dropOutstanding(at: .shareKeys)
        try pruneAndCheck(at: .shareKeys)
        var buckets: [Int: [EncryptedShares]] = [:]
        for sender in activeDevices {
            for envelope in shareMessages[sender]!.envelopes where status[envelope.recipient] == .active {
                buckets[envelope.recipient, default: []].append(envelope)
            }
        }
        shareMessages = Array(repeating: nil, count: status.count)
        let live = activeDevices
        outstanding = Set(live)
        stage = .shareReceipt
        return live.map { device in
            let envelopes = buckets[device] ?? []
            delivered[device] = envelopes.map(\.sender)
            return ShareDelivery(roundID: configuration.roundID, recipient: device, envelopes: envelopes)
        }
    }

    // MARK: Helpers shared by the stages

    /// The active neighbours of `device`, ascending.
    func liveNeighbours(of device: Int) -> [Int] {
        configuration.graph.neighbours(of: device).lazy.map { Int($0) }.filter { status[$0] == .active }
    }

    func expectStage(_ expected: RoundStage, _ action: String) throws(AggregationError) {
        if stage == .aborted, let abortReason { throw abortReason }
        guard stage == expected else {
            throw AggregationError(.wrongStage, "cannot \(action) at stage \(stage)")
        }
    }

    /// Checks what every incoming message must satisfy before its content is looked at.
    func admit(_ round: UInt64, _ sender: Int, _ kind: Wire.Kind) throws(AggregationError) {
        let expected: Wire.Kind = switch stage {
        case .advertiseKeys: .advertiseKeys
        case .shareKeys: .shareKeys
        case .shareReceipt: .shareReceipt
        case .maskedInput: .maskedInput
        case .consistencyCheck: .consistencySignature
        case .unmask: .unmaskResponse
        case .finished, .aborted: .configuration
        }
        guard kind == expected else {
            throw AggregationError(.wrongStage, "a \(kind) message arrived at stage \(stage)")
        }
        try checkRound(round, configuration, kind)
        let member = try configuration.member(sender, "sender")
        guard case .active = status[sender] else {
            throw AggregationError(.wrongStage, "the device was dropped from the round and may not send \(kind)", device: member.id)
        }
        guard outstanding.contains(sender) else {
            throw AggregationError(.duplicateMessage, "the device already sent its \(kind) message", device: member.id)
        }
    }

    mutating func dropOutstanding(at stage: RoundStage) {
        for device in outstanding { status[device] = .dropped(.missedDeadline(stage)) }
        outstanding = []
    }

    /// Repeatedly excludes active devices with fewer than t active neighbours (their
    /// secrets could never be rebuilt), then aborts if too few devices remain.
    mutating func pruneAndCheck(at stage: RoundStage) throws(AggregationError) {
        let t = configuration.threshold
        var changed = true
        while changed {
            changed = false
            for device in status.indices where status[device] == .active && liveNeighbours(of: device).count < t {
                status[device] = .dropped(.tooFewLiveNeighbours(stage))
                changed = true
            }
        }
        let live = status.count { $0 == .active }
        if live < configuration.minimumInputs {
            throw abort(AggregationError(.roundAborted,
                                         "only \(live) devices remain after \(stage), the round needs at least \(configuration.minimumInputs)"))
        }
    }

    /// Overwrites and drops every revealed share.
    mutating func forgetShares() {
        for owner in selfShares.indices {
            for i in selfShares[owner].indices { selfShares[owner][i].withUnsafeMutableBytes { SecureBytes.zero($0) } }
            for i in keyShares[owner].indices { keyShares[owner][i].withUnsafeMutableBytes { SecureBytes.zero($0) } }
        }
        selfShares = Array(repeating: [], count: status.count)
        keyShares = Array(repeating: [], count: status.count)
        selfShareSenders = Array(repeating: [], count: status.count)
        keyShareSenders = Array(repeating: [], count: status.count)
    }

    /// Moves to ``RoundStage/aborted``, forgetting the partial sum and every share, and returns the error to throw.
    mutating func abort(_ error: AggregationError) -> AggregationError {
        stage = .aborted
        abortReason = error
        sum = []
        forgetShares()
        shareMessages = Array(repeating: nil, count: status.count)
        outstanding = []
        return error
    }
}
