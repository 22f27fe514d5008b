import ConfideCrypto

extension SecAggServer {
    // MARK: Stage 5: ConsistencyCheck

    /// Accepts a contributor's signature over the contributor set.
    public mutating func receive(_ message: ConsistencySignature) throws(AggregationError) {
        let set = try check(message)
        try message.verify(set, configuration)
        apply(message)
    }

    /// Accepts a batch of signatures, verifying them in parallel on up to `workers` threads
    /// (default: one per core); the result says, per message, why it was rejected (`nil`:
    /// accepted). Equivalent to receiving them one by one, in order.
    public mutating func receive(_ messages: [ConsistencySignature], workers: Int? = nil) -> [AggregationError?] {
        guard let set = contributorSet else {
            return messages.map { _ in AggregationError(.wrongStage, "a ConsistencySignature message arrived at stage \(stage)") }
        }
        return receiveBatch(messages, workers: workers,
                            check: { (server: SecAggServer, message: ConsistencySignature) throws(AggregationError) in _ = try server.check(message) },
                            verify: { (message: ConsistencySignature, configuration) throws(AggregationError) in
                                try message.verify(set, configuration)
                            },
                            apply: { $0.apply($1) })
    }

    func check(_ message: ConsistencySignature) throws(AggregationError) -> CohortBitmap {
        try admit(message.roundID, message.sender, .consistencySignature)
        guard let contributorSet else { throw AggregationError(.wrongStage, "no contributor set was sent") }
        return contributorSet
    }

    mutating func apply(_ message: ConsistencySignature) {
        consistencySignatures[message.sender] = message
        outstanding.remove(message.sender)
    }

    /// Closes ConsistencyCheck: sends every signer the set with its neighbours' signatures.
    ///
    /// A signer with fewer than t signing neighbours would refuse, so it is not asked; a
    /// contributor that did not sign stays in the sum (its input is there) but cannot help
    /// unmask. Whether enough shares can still arrive shows at ``finish(workers:)``.
    public mutating func closeConsistencyCheck() throws(AggregationError) -> [UnmaskRequest] {
        try expectStage(.consistencyCheck, "close ConsistencyCheck")
        dropOutstanding(at: .consistencyCheck)
        guard let contributorSet else { throw AggregationError(.wrongStage, "no contributor set was sent") }
        let t = configuration.threshold
        var messages: [UnmaskRequest] = []
        for device in status.indices where consistencySignatures[device] != nil {
            let signatures = configuration.graph.neighbours(of: device).compactMap { consistencySignatures[Int($0)] }
            guard signatures.count >= t else { continue }
            let own = partners[device]
            requests[device] = (own.filter(contributorSet.contains), own.filter { !contributorSet.contains($0) })
            messages.append(UnmaskRequest(roundID: configuration.roundID, recipient: device, contributors: contributorSet,
                                          signatures: signatures))
        }
        outstanding = Set(messages.map(\.recipient))
        stage = .unmask
        return messages
    }
}
