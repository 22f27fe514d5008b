import ConfideCrypto

/// One device's side of a secure-aggregation round, as a pure state machine: each stage
/// takes the coordinator's message and returns the device's reply. No I/O, no clocks.
///
/// The client checks everything it is handed (signatures of its neighbours' keys, the
/// round, the recipient, share indices), signs exactly one contributor set, and reveals
/// shares only for that set and only once t of its neighbours signed the same set, so a
/// coordinator cannot collect both secrets of any device by telling different devices
/// different stories. A rejected message leaves the client unchanged.
public struct SecAggClient: Sendable {
    /// Where the device is in the round.
    public enum Stage: Sendable, Equatable {
        /// Created; next: ``SecAggClient/advertiseKeys()``.
        case ready
        /// Keys advertised; next: ``SecAggClient/shareKeys(_:)``.
        case advertisedKeys
        /// Shares sent; next: ``SecAggClient/receiveShares(_:)``.
        case sharedKeys
        /// Neighbours' envelopes opened and receipted; next: ``SecAggClient/maskInput(_:input:)``.
        case receiptedShares
        /// Masked input sent; next: ``SecAggClient/signContributors(_:)``.
        case sentInput
        /// Contributor set signed; next: ``SecAggClient/unmask(_:)``.
        case signedContributors
        /// Unmask answered; the device's part is done.
        case finished
    }

    /// The round this client takes part in.
    public let configuration: RoundConfiguration
    /// The device's cohort index.
    public let index: Int
    /// The device's current stage.
    public private(set) var stage: Stage = .ready

    private let identity: IdentityKey
    private let labels: MaskLabels
    private var encryptionKey: AgreementKey?
    private var maskKey: AgreementKey?
    /// Share-encryption keys of neighbours that advertised keys.
    private var shareKeys: [Int: SymmetricKey] = [:]
    /// Pairwise mask seeds, derived while sharing keys so masking is pure PRG work.
    private var pairSeeds: [Int: SymmetricKey] = [:]
    private var selfSeed: SymmetricKey?
    /// Shares from the envelopes that opened; after masking, only the partners' are kept.
    /// Per neighbour: its self-mask share then its mask-key share, each `index || threshold || 32 bytes`.
    private var held: [Int: SecureBytes] = [:]
    /// The contributor set this device signed: the only one it will unmask for.
    private var signedSet: (set: ContributorSet, signature: ConsistencySignature)?
    private var answered: (request: UnmaskRequest, response: UnmaskResponse)?
    /// Whether Unmask demands t neighbour signatures over the set this device signed.
    /// Only the attack demonstration turns it off, to show what the check prevents.
    @_spi(AttackDemonstration) public var checksConsistency = true

    /// Ways a simulated malicious device deviates from the protocol while signing what it
    /// sends, so tests and the simulator can show that rounds survive them.
    @_spi(AttackDemonstration) public enum Misbehaviour: Sendable {
        /// Share envelopes its neighbours cannot open.
        case spoilEnvelopes
        /// Well-formed, signed, wrong shares at Unmask.
        case wrongShares
    }

    /// How this client misbehaves; `nil` (honest) everywhere but in attack simulations.
    @_spi(AttackDemonstration) public var misbehaviour: Misbehaviour?

    /// A client for device `id`, which signs with `identity`; its public half must be the
    /// cohort entry's.
    public init(configuration: RoundConfiguration, id: DeviceID, identity: IdentityKey) throws(AggregationError) {
        guard let index = configuration.index(of: id) else {
            throw AggregationError(.unknownParty, "device \(id) is not in the cohort of round \(configuration.roundID)", device: id)
        }
        guard configuration.cohort[index].identityKey == identity.publicKey else {
            throw AggregationError(.invalidConfiguration, "this identity key is not the one the cohort lists for the device", device: id)
        }
        self.configuration = configuration
        self.index = index
        self.identity = identity
        labels = try MaskLabels(configuration)
    }

    /// The device's identifier.
    public var id: DeviceID { configuration.cohort[index].id }

    /// Stage 1: draws two fresh X25519 key pairs and returns their signed advertisement.
    public mutating func advertiseKeys() throws(AggregationError) -> AdvertiseKeys {
        try expect(.ready, "advertise keys")
        let encryption = try crypto("key generation") { try AgreementKey() }
        let mask = try crypto("key generation") { try AgreementKey() }
        let unsigned = AdvertiseKeys(roundID: configuration.roundID, sender: index, encryptionKey: encryption.publicKey,
                                     maskKey: mask.publicKey, signature: [])
        let signature = try Signing.sign(unsigned.unsignedBytes, with: identity, configuration)
        encryptionKey = encryption
        maskKey = mask
        stage = .advertisedKeys
        return AdvertiseKeys(roundID: configuration.roundID, sender: index, encryptionKey: encryption.publicKey,
                             maskKey: mask.publicKey, signature: signature)
    }

    /// Stage 2: checks the neighbours' signed keys, draws the self-mask seed, and returns
    /// both secrets Shamir-shared t-of-k, one encrypted envelope per live neighbour.
    public mutating func shareKeys(_ message: NeighbourKeys) throws(AggregationError) -> ShareKeys {
        try expect(.advertisedKeys, "share keys")
        try checkAddressed(message.roundID, message.recipient, .neighbourKeys)
        guard let encryptionKey, let maskKey else { throw stageError("share keys") }
        let graph = configuration.graph
        var previous = -1
        for advertisement in message.advertisements {
            let sender = advertisement.sender
            guard sender > previous else {
                throw AggregationError(.malformedMessage, "neighbour keys must be listed once each, by ascending index")
            }
            previous = sender
            guard graph.areNeighbours(index, sender) else {
                throw AggregationError(.unknownParty, "keys were delivered for device \(sender), which is not a neighbour")
            }
            try advertisement.verify(configuration)
        }
        let t = configuration.threshold
        guard message.advertisements.count >= t else {
            throw AggregationError(.tooFewNeighbours,
                                   "only \(message.advertisements.count) neighbours advertised keys; at least \(t) are needed", device: id)
        }
        let seed = try crypto("self-mask seed") { try SymmetricKey() }
        let k = configuration.neighbourCount
        let seedShares = try crypto("secret sharing") { try Shamir.split(seed, threshold: t, count: k) }
        let keyShares = try crypto("secret sharing") { try Shamir.split(maskKey.secretBytes, threshold: t, count: k) }
        var newShareKeys: [Int: SymmetricKey] = [:]
        var newPairSeeds: [Int: SymmetricKey] = [:]
        var envelopes: [EncryptedShares] = []
        for advertisement in message.advertisements {
            let neighbour = advertisement.sender
            let position = graph.position(of: neighbour, among: index)!
            let from = configuration.cohort[neighbour].id
            let shareKey = try peerKey(encryptionKey, advertisement.encryptionKey, labels.shareKeyContext, from)
            newShareKeys[neighbour] = shareKey
            newPairSeeds[neighbour] = try peerKey(maskKey, advertisement.maskKey, labels.pairKeyContext, from)
            var envelope = try EncryptedShares.seal(selfShare: seedShares[position], keyShare: keyShares[position],
                                                    key: shareKey, sender: index, recipient: neighbour, configuration)
            if misbehaviour == .spoilEnvelopes {
                var ciphertext = envelope.ciphertext
                ciphertext[ciphertext.count - 1] ^= 0xFF
                envelope = EncryptedShares(sender: index, recipient: neighbour, ciphertext: ciphertext)
            }
            envelopes.append(envelope)
        }
        let unsigned = ShareKeys(roundID: configuration.roundID, sender: index,
                                 selfMaskCommitment: try ShareKeys.commitment(to: seed), envelopes: envelopes, signature: [])
        let signature = try Signing.sign(unsigned.unsignedBytes, with: identity, configuration)
        shareKeys = newShareKeys
        pairSeeds = newPairSeeds
        selfSeed = seed
        stage = .sharedKeys
        return ShareKeys(roundID: unsigned.roundID, sender: index, selfMaskCommitment: unsigned.selfMaskCommitment,
                         envelopes: envelopes, signature: signature)
    }

    /// Stage 3: opens the neighbours' envelopes and keeps their shares. An envelope that
    /// does not open (a malicious sender, or one altered on the way) is listed in the
    /// signed receipt instead of ending the device's round: the coordinator then cuts that
    /// pair on both sides.
    public mutating func receiveShares(_ delivery: ShareDelivery) throws(AggregationError) -> ShareReceipt {
        try expect(.sharedKeys, "receive shares")
        try checkAddressed(delivery.roundID, delivery.recipient, .shareDelivery)
        let t = configuration.threshold
        var opened: [Int: SecureBytes] = [:]
        var failed: [Int] = []
        var previous = -1
        for envelope in delivery.envelopes {
            let sender = envelope.sender
            guard sender > previous, envelope.recipient == index else {
                throw AggregationError(.malformedMessage, "envelopes must be addressed to this device, once per sender, by ascending sender")
            }
            previous = sender
            guard let key = shareKeys[sender] else {
                throw AggregationError(.unknownParty, "shares arrived from device \(sender), which is not a neighbour that advertised keys")
            }
            let expected = UInt8(configuration.graph.position(of: index, among: sender)! + 1)
            do {
                opened[sender] = try envelope.open(key: key, expectedIndex: expected, threshold: t, configuration)
            } catch {
                failed.append(sender)
            }
        }
        guard opened.count >= t else {
            throw AggregationError(.tooFewNeighbours,
                                   "only \(opened.count) neighbours delivered shares that open; at least \(t) are needed", device: id)
        }
        let unsigned = ShareReceipt(roundID: configuration.roundID, sender: index, failed: failed, signature: [])
        let signature = try Signing.sign(unsigned.unsignedBytes, with: identity, configuration)
        held = opened
        stage = .receiptedShares
        return ShareReceipt(roundID: configuration.roundID, sender: index, failed: failed, signature: signature)
    }

    /// Stage 4: returns `input` masked with the self mask and a pairwise mask for every
    /// partner the coordinator names, which must be neighbours whose envelopes opened.
    ///
    /// `input` must have ``RoundConfiguration/vectorLength`` words.
    public mutating func maskInput(_ partners: MaskPartners, input: [UInt32]) throws(AggregationError) -> MaskedInput {
        try expect(.receiptedShares, "mask its input")
        try checkAddressed(partners.roundID, partners.recipient, .maskPartners)
        guard input.count == configuration.vectorLength else {
            throw AggregationError(.wrongLength, "the input has \(input.count) words, the round expects \(configuration.vectorLength)")
        }
        guard let selfSeed else { throw stageError("mask its input") }
        let list = partners.partners
        guard zip(list, list.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw AggregationError(.malformedMessage, "the partner list must be strictly ascending")
        }
        if let stranger = partners.partners.first(where: { held[$0] == nil }) {
            throw AggregationError(.refusedRequest, "the coordinator named device \(stranger) as a partner, but this device holds no shares of it",
                                   device: id)
        }
        return try mask(input, partners: partners.partners, selfSeed: selfSeed)
    }

    private mutating func mask(_ input: [UInt32], partners: [Int], selfSeed: SymmetricKey) throws(AggregationError) -> MaskedInput {
        let t = configuration.threshold
        guard partners.count >= t else {
            throw AggregationError(.tooFewNeighbours, "only \(partners.count) partners are left to mask with; at least \(t) are needed", device: id)
        }
        var terms = [Mask.Term(seed: selfSeed, context: labels.selfMask, sign: .add)]
        for partner in partners {
            // The lower index adds the pairwise mask and the higher subtracts it, so each pair cancels in the sum.
            terms.append(Mask.Term(seed: pairSeeds[partner]!, context: labels.pairMask, sign: index < partner ? .add : .subtract))
        }
        var words = input
        try crypto("masking") { try words.withUnsafeMutableBufferPointer { try Mask.apply(terms, to: $0) } }
        let unsigned = MaskedInput(roundID: configuration.roundID, sender: index, words: words, signature: [])
        let signature = try Signing.sign(unsigned.unsignedBytes, with: identity, configuration)
        let kept = Set(partners)
        // Shares of non-partners will never be asked for; dropping them shrinks what a compromise could reveal.
        for neighbour in held.keys where !kept.contains(neighbour) { held[neighbour] = nil }
        self.selfSeed = nil
        pairSeeds = [:]
        shareKeys = [:]
        stage = .sentInput
        return MaskedInput(roundID: configuration.roundID, sender: index, words: words, signature: signature)
    }

    private func peerKey(_ own: AgreementKey, _ peer: AgreementPublicKey, _ context: String,
                         _ from: DeviceID) throws(AggregationError) -> SymmetricKey {
        do {
            return try own.pairwiseKey(with: peer, context: context)
        } catch {
            throw AggregationError(.malformedMessage, "the neighbour's advertised key is unusable: \(error)", device: from)
        }
    }

    func expect(_ expected: Stage, _ action: String) throws(AggregationError) {
        guard stage == expected else { throw stageError(action) }
    }

    func stageError(_ action: String) -> AggregationError {
        AggregationError(.wrongStage, "the device cannot \(action) at stage \(stage)", device: id)
    }

    func checkAddressed(_ round: UInt64, _ recipient: Int, _ kind: Wire.Kind) throws(AggregationError) {
        try checkRound(round, configuration, kind)
        guard recipient == index else {
            throw AggregationError(.unknownParty, "a \(kind) message for device index \(recipient) reached device index \(index)", device: id)
        }
    }

    // The unmask stage lives in SecAggClient+Unmask.swift and needs these.
    var heldShares: [Int: SecureBytes] { held }
    var answeredRequest: (request: UnmaskRequest, response: UnmaskResponse)? { answered }
    var signedContributorSet: (set: ContributorSet, signature: ConsistencySignature)? { signedSet }
    var signingIdentity: IdentityKey { identity }

    mutating func recordSignature(_ set: ContributorSet, _ signature: ConsistencySignature) {
        signedSet = (set, signature)
        stage = .signedContributors
    }

    mutating func recordAnswer(_ request: UnmaskRequest, _ response: UnmaskResponse) {
        answered = (request, response)
        stage = .finished
    }
}
