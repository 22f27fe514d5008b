import ConfideCrypto

extension SecAggServer {
    // MARK: Stage 3: ShareReceipt

    /// Accepts a device's receipt: the senders, among those whose envelopes it was given,
    /// whose envelopes did not open.
    public mutating func receive(_ message: ShareReceipt) throws(AggregationError) {
        try admit(message.roundID, message.sender, .shareReceipt)
        let sender = message.sender
        let given = Set(delivered[sender])
        guard zip(message.failed, message.failed.dropFirst()).allSatisfy({ $0 < $1 }),
              message.failed.allSatisfy(given.contains) else {
            throw AggregationError(.malformedMessage, "a ShareReceipt may only list, once each and ascending, senders whose envelopes the device was given",
                                   device: configuration.cohort[sender].id)
        }
        try Signing.verify(message.signature, over: message.unsignedBytes, sender: sender, what: .shareReceipt, configuration)
        failedEnvelopes[sender] = message.failed
        outstanding.remove(sender)
    }

    /// Closes ShareReceipt: drops silent devices, cuts every pair where either side could not
    /// open the other's envelope, drops devices left with fewer than t partners (their
    /// secrets could not be rebuilt), and tells each remaining device its partners.
    public mutating func closeShareReceipts() throws(AggregationError) -> [MaskPartners] {
        try expectStage(.shareReceipt, "close ShareReceipt")
        dropOutstanding(at: .shareReceipt)
        var cut = Set<Pair>()
        for device in status.indices {
            for other in failedEnvelopes[device] { cut.insert(Pair(device, other)) }
        }
        let t = configuration.threshold
        var changed = true
        while changed {
            changed = false
            for device in status.indices where status[device] == .active {
                // Both sides received each other's envelopes: the pair was live at ShareKeys and neither complained.
                partners[device] = delivered[device].filter { status[$0] == .active && !cut.contains(Pair(device, $0)) }
                if partners[device].count < t {
                    status[device] = .dropped(.tooFewLiveNeighbours(.shareReceipt))
                    partners[device] = []
                    changed = true
                }
            }
        }
        let live = activeDevices
        if live.count < configuration.minimumInputs {
            throw abort(AggregationError(.roundAborted,
                                         "only \(live.count) devices remain after ShareReceipt, the round needs at least \(configuration.minimumInputs)"))
        }
        outstanding = Set(live)
        sum = Array(repeating: 0, count: configuration.vectorLength)
        stage = .maskedInput
        return live.map { MaskPartners(roundID: configuration.roundID, recipient: $0, partners: partners[$0]) }
    }
}

/// An unordered pair of cohort indices.
struct Pair: Hashable {
    let low: Int
    let high: Int

    init(_ a: Int, _ b: Int) {
        low = min(a, b)
        high = max(a, b)
    }
}
