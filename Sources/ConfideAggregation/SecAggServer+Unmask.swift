import ConfideCrypto

extension SecAggServer {
    // MARK: Stage 6: Unmask

    /// Accepts a contributor's revealed shares: exactly the owners its request listed, each
    /// share with this device's index in the owner's split and the round's threshold.
    public mutating func receive(_ message: UnmaskResponse) throws(AggregationError) {
        try check(message)
        try Self.verifySignature(message, configuration)
        apply(message)
    }

    /// Accepts a batch of unmask responses, checking their signatures in parallel on up to
    /// `workers` threads (default: one per core); the result says, per message, why it was
    /// rejected (`nil`: accepted). Equivalent to receiving them one by one, in order.
    public mutating func receive(_ messages: [UnmaskResponse], workers: Int? = nil) -> [AggregationError?] {
        receiveBatch(messages, workers: workers,
                     check: { (server: SecAggServer, message: UnmaskResponse) throws(AggregationError) in try server.check(message) },
                     verify: { (message: UnmaskResponse, configuration) throws(AggregationError) in
                         try Self.verifySignature(message, configuration)
                     },
                     apply: { $0.apply($1) })
    }

    func check(_ message: UnmaskResponse) throws(AggregationError) {
        try admit(message.roundID, message.sender, .unmaskResponse)
        let sender = message.sender
        let who = configuration.cohort[sender].id
        guard let request = requests[sender] else {
            throw AggregationError(.wrongStage, "the device was not asked to unmask", device: who)
        }
        guard message.selfMaskShares.map(\.owner) == request.survivors,
              message.maskKeyShares.map(\.owner) == request.dropped else {
            throw AggregationError(.wrongLength, "the response does not carry exactly the shares its unmask request asked for", device: who)
        }
        let t = UInt8(configuration.threshold)
        for entry in message.selfMaskShares + message.maskKeyShares {
            let expected = configuration.graph.position(of: sender, among: entry.owner).map { UInt8($0 + 1) }
            guard entry.bytes.count == EncryptedShares.shareByteCount, entry.index == expected, entry.threshold == t else {
                throw AggregationError(.invalidShare,
                                       "a share of device \(entry.owner)'s secret has index \(entry.index) and threshold \(entry.threshold); expected \(expected ?? 0) and \(t)",
                                       device: who)
            }
        }
    }

    static func verifySignature(_ message: UnmaskResponse, _ configuration: RoundConfiguration) throws(AggregationError) {
        try Signing.verify(message.signature, over: message.unsignedBytes, sender: message.sender, what: .unmaskResponse, configuration)
    }

    mutating func apply(_ message: UnmaskResponse) {
        for entry in message.selfMaskShares {
            selfShares[entry.owner].append(entry.bytes)
            selfShareSenders[entry.owner].append(message.sender)
        }
        for entry in message.maskKeyShares {
            keyShares[entry.owner].append(entry.bytes)
            keyShareSenders[entry.owner].append(message.sender)
        }
        outstanding.remove(message.sender)
    }

    /// The threads ``finish(workers:)`` uses by default: one per core online.
    public static var defaultWorkerCount: Int { Parallel.availableCores }

    /// Whether enough shares have arrived to remove every mask, so ``finish(workers:)``
    /// can be called before the deadline.
    public var canFinish: Bool {
        stage == .unmask && firstMissingSecret() == nil
    }

    /// Closes Unmask: rebuilds each contributor's self-mask seed and each dropped device's
    /// mask key from t shares, removes their masks from the sum, and releases it.
    ///
    /// A share that is well-formed but wrong (a malicious device's answer) does not stop the
    /// round: other t-subsets of the shares that arrived are tried (``SecretRecovery``), and
    /// the senders of wrong shares are named in ``AggregationResult/misbehaving``. The mask
    /// streams are removed in parallel over ranges of the vector on up to `workers` threads
    /// (default `nil`: one per core). Aborts, naming the device, if some secret has fewer
    /// than t shares or no subset of its shares rebuilds what its owner committed to.
    public mutating func finish(workers: Int? = nil) throws(AggregationError) -> AggregationResult {
        try expectStage(.unmask, "finish the round")
        let workers = max(1, workers ?? Parallel.availableCores)
        if let (device, kind, have) = firstMissingSecret() {
            throw abort(AggregationError(.roundAborted,
                                         "the device lacked shares: \(have) of the \(configuration.threshold) shares of its \(kind) arrived",
                                         device: configuration.cohort[device].id))
        }
        for device in outstanding { status[device] = .dropped(.missedDeadline(.unmask)) }
        outstanding = []
        let terms: [Mask.Term]
        let misbehaving: [Int]
        do throws(AggregationError) {
            (terms, misbehaving) = try maskTerms(workers: workers)
        } catch {
            throw abort(error)
        }
        let length = sum.count
        // Ranges of at least 1,024 words, several per worker (see Parallel.map), each a whole
        // number of 16-word keystream blocks.
        let chunks = workers <= 1 ? 1 : min(max(1, length / 1024), workers * Parallel.piecesPerWorker)
        let perChunk = (length / chunks + 15) & ~15
        try sum.withUnsafeMutableBufferPointer { buffer throws(AggregationError) in
            let vector = SharedWords(buffer)
            _ = try Parallel.map(chunks, workers: workers) { chunk throws(AggregationError) in
                let start = chunk * perChunk
                let end = chunk == chunks - 1 ? length : min(length, start + perChunk)
                guard start < end else { return 0 }
                try crypto("unmasking") { try Mask.apply(terms, to: vector.slice(start..<end), startingAtWord: start) }
                return 0
            }
        }
        let result = AggregationResult(roundID: configuration.roundID, sum: sum, contributors: status.indices.filter { inputReceived[$0] },
                                       misbehaving: misbehaving)
        sum = []
        forgetShares()
        stage = .finished
        return result
    }

    /// The first secret that cannot be rebuilt yet: its owner, what it is, and how many shares arrived.
    func firstMissingSecret() -> (Int, String, Int)? {
        let t = configuration.threshold
        for device in status.indices {
            if inputReceived[device], selfShares[device].count < t {
                return (device, "self-mask seed", selfShares[device].count)
            }
            if droppedAfterSharing(device), !contributingPartners(of: device).isEmpty, keyShares[device].count < t {
                return (device, "mask key", keyShares[device].count)
            }
        }
        return nil
    }

    /// Rebuilds the secrets (in parallel) and lists the mask streams to remove from the sum,
    /// with the devices that revealed wrong shares.
    func maskTerms(workers: Int) throws(AggregationError) -> (terms: [Mask.Term], misbehaving: [Int]) {
        let contributors = status.indices.filter { self.inputReceived[$0] }
        let dropped = status.indices.filter { droppedAfterSharing($0) && !contributingPartners(of: $0).isEmpty }
        let t = configuration.threshold
        // Copies the worker closures can capture (they must be Sendable, `self` is inout-free here).
        let (configuration, labels, selfShares, keyShares) = (configuration, labels, selfShares, keyShares)
        let (commitments, advertisements, inputReceived, partners) = (commitments, advertisements, self.inputReceived, self.partners)
        let (selfSenders, keySenders) = (selfShareSenders, keyShareSenders)
        let selfTerms = try Parallel.map(contributors.count, workers: workers) { i throws(AggregationError) -> (Mask.Term, [Int]) in
            let device = contributors[i]
            let rebuilt = try SecretRecovery.rebuild(selfShares[device], senders: selfSenders[device], threshold: t,
                                                     seed: configuration.roundID ^ UInt64(device)) { secret throws(AggregationError) in
                try crypto("checking a self-mask seed") { try ShareKeys.commitment(to: SymmetricKey(secret)) == commitments[device] }
            }
            guard let rebuilt else {
                throw AggregationError(.roundAborted, "no t of the shares of the device's self-mask seed rebuild the seed it committed to",
                                       device: configuration.cohort[device].id)
            }
            let seed = try crypto("rebuilding a self-mask seed") { try SymmetricKey(rebuilt.secret) }
            return (Mask.Term(seed: seed, context: labels.selfMask, sign: .subtract), rebuilt.wrongSenders)
        }
        let pairTerms = try Parallel.map(dropped.count, workers: workers) { i throws(AggregationError) -> ([Mask.Term], [Int]) in
            let device = dropped[i]
            let rebuilt = try SecretRecovery.rebuild(keyShares[device], senders: keySenders[device], threshold: t,
                                                     seed: ~configuration.roundID ^ UInt64(device)) { secret throws(AggregationError) in
                try crypto("checking a mask key") { try AgreementKey(secret: secret).publicKey == advertisements[device]!.maskKey }
            }
            guard let rebuilt else {
                throw AggregationError(.roundAborted, "no t of the shares of the dropped device's mask key rebuild the key it advertised",
                                       device: configuration.cohort[device].id)
            }
            let key = try crypto("rebuilding a mask key") { try AgreementKey(secret: rebuilt.secret) }
            var terms: [Mask.Term] = []
            for neighbour in partners[device] where inputReceived[neighbour] {
                let seed = try crypto("re-deriving a pairwise mask") {
                    try key.pairwiseKey(with: advertisements[neighbour]!.maskKey, context: labels.pairKeyContext)
                }
                // The contributor added the mask if its index is lower, subtracted it otherwise; undo that.
                terms.append(Mask.Term(seed: seed, context: labels.pairMask, sign: neighbour < device ? .subtract : .add))
            }
            return (terms, rebuilt.wrongSenders)
        }
        let misbehaving = Set(selfTerms.flatMap(\.1) + pairTerms.flatMap(\.1)).sorted()
        return (selfTerms.map(\.0) + pairTerms.flatMap(\.0), misbehaving)
    }
}

/// A vector shared by worker threads that each write a disjoint range of it.
private struct SharedWords: @unchecked Sendable {
    // Safe because Parallel.map hands each worker a different range and waits for all of them.
    let base: UnsafeMutablePointer<UInt32>?

    init(_ buffer: UnsafeMutableBufferPointer<UInt32>) { base = buffer.baseAddress }

    func slice(_ range: Range<Int>) -> UnsafeMutableBufferPointer<UInt32> {
        UnsafeMutableBufferPointer(start: base.map { $0 + range.lowerBound }, count: range.count)
    }
}
