import ConfideCrypto

extension SecAggServer {
    // MARK: Stage 4: MaskedInput

    /// Accepts a masked input and folds it into the running sum, so the server keeps one
    /// vector however many devices report. Only checked messages are folded: once a device's
    /// input is in the sum, the device is a contributor whatever happens later.
    public mutating func receive(_ message: MaskedInput) throws(AggregationError) {
        try check(message)
        try Self.verifySignature(message, configuration)
        apply(message)
    }

    /// Accepts a batch of masked inputs, checking their signatures in parallel on up to
    /// `workers` threads (default: one per core); the result says, per message, why it was
    /// rejected (`nil`: accepted). Equivalent to receiving them one by one, in order.
    public mutating func receive(_ messages: [MaskedInput], workers: Int? = nil) -> [AggregationError?] {
        receiveBatch(messages, workers: workers,
                     check: { (server: SecAggServer, message: MaskedInput) throws(AggregationError) in try server.check(message) },
                     verify: { (message: MaskedInput, configuration) throws(AggregationError) in
                         try Self.verifySignature(message, configuration)
                     },
                     apply: { $0.apply($1) })
    }

    func check(_ message: MaskedInput) throws(AggregationError) {
        try admit(message.roundID, message.sender, .maskedInput)
        guard message.words.count == configuration.vectorLength else {
            throw AggregationError(.wrongLength,
                                   "the masked input has \(message.words.count) words, the round expects \(configuration.vectorLength)",
                                   device: configuration.cohort[message.sender].id)
        }
    }

    static func verifySignature(_ message: MaskedInput, _ configuration: RoundConfiguration) throws(AggregationError) {
        try Signing.verify(message.signature, over: message.unsignedBytes, sender: message.sender, what: .maskedInput, configuration)
    }

    mutating func apply(_ message: MaskedInput) {
        sum.withUnsafeMutableBufferPointer { sum in
            message.words.withUnsafeBufferPointer { words in
                // Lengths were checked, so Mask.add cannot fail here.
                try? Mask.add(words, to: sum)
            }
        }
        inputReceived[message.sender] = true
        outstanding.remove(message.sender)
    }

    /// Closes MaskedInput: devices that sent no input are dropped, and every contributor is
    /// sent the set of contributors to sign (the consistency check).
    ///
    /// Aborts, naming the device, if some contributor has fewer than t contributing
    /// partners (its self mask could not be removed) or some dropped device that a
    /// contributor masked with has fewer than t (its pairwise masks could not be removed).
    public mutating func closeMaskedInput() throws(AggregationError) -> [ContributorSet] {
        try expectStage(.maskedInput, "close MaskedInput")
        dropOutstanding(at: .maskedInput)
        let contributors = status.indices.filter { inputReceived[$0] }
        if contributors.count < configuration.minimumInputs {
            throw abort(AggregationError(.roundAborted,
                                         "only \(contributors.count) masked inputs arrived, the round needs at least \(configuration.minimumInputs)"))
        }
        let t = configuration.threshold
        for device in status.indices where inputReceived[device] || droppedAfterSharing(device) {
            let holders = contributingPartners(of: device).count
            let isContributor = inputReceived[device]
            guard holders >= t || (!isContributor && holders == 0) else {
                let secret = isContributor ? "self mask" : "pairwise masks"
                throw abort(AggregationError(.roundAborted,
                                             "the device lacked shares: only \(holders) of its partners sent input and can reveal shares, \(t) are needed to remove its \(secret)",
                                             device: configuration.cohort[device].id))
            }
        }
        let set = CohortBitmap(count: status.count, members: contributors)
        contributorSet = set
        outstanding = Set(contributors)
        stage = .consistencyCheck
        return contributors.map { ContributorSet(roundID: configuration.roundID, recipient: $0, contributors: set) }
    }

    /// Whether `device` delivered shares to its neighbours but sent no masked input.
    func droppedAfterSharing(_ device: Int) -> Bool {
        status[device] == .dropped(.missedDeadline(.maskedInput))
    }

    /// The partners of `device` whose masked input arrived: the ones that can reveal its shares.
    func contributingPartners(of device: Int) -> [Int] {
        partners[device].filter { inputReceived[$0] }
    }
}
