@_spi(AttackDemonstration) @testable import ConfideAggregation
@testable import ConfideCrypto
import Testing

/// Fixed test bytes: the first `count` bytes of BLAKE2b-256 over `confide-vectors/` and a
/// label (blocks of such digests for more than 32). The vector files list every such input in hex, so nobody needs this rule to
/// use them; it only keeps the inputs arbitrary-looking without being random.
func fixed(_ label: String, count: Int = 32) -> [UInt8] {
    func digest(_ label: String) -> [UInt8] { try! Digest.blake2b256(Array("confide-vectors/\(label)".utf8)) }
    // Longer inputs concatenate the digests of "label 1", "label 2", …
    if count <= 32 { return Array(digest(label).prefix(count)) }
    return Array((1...((count + 31) / 32)).flatMap { digest("\(label) \($0)") }.prefix(count))
}

extension SecureBytes {
    /// The bytes as an array, for vectors only.
    var vectorBytes: [UInt8] { withUnsafeBytes { Array($0) } }
}

extension SymmetricKey {
    /// The key bytes, for vectors only.
    var vectorBytes: [UInt8] { withUnsafeBytes { Array($0) } }
}

extension ShamirShare {
    /// `index || threshold || value`, for vectors only.
    var vectorBytes: [UInt8] { try! serialized().vectorBytes }
}

/// The device identifier rule of `DeviceID(identity:)` (ConfideProtocol), restated so the
/// fixture's cohort uses real identifiers; the `device-id` vector of protocol.json checks
/// that the two agree.
func deviceIdentifier(_ key: IdentityPublicKey) -> String {
    Hex.encode(Array(try! Digest.blake2b256(fields: [Array("confide.device.v1".utf8), key.bytes]).prefix(16)))
}

/// One device of the fixture round, written from docs/wire-format.md with the real
/// primitives but without ``SecAggClient``, whose keys, seeds, Shamir coefficients and
/// nonces are random: here every one of them is fixed, so each message is exact.
struct ReferenceDevice {
    let index: Int
    let identitySeed: [UInt8]
    let identity: IdentityKey
    let encryption: AgreementKey
    let mask: AgreementKey
    let selfSeed: SymmetricKey
    /// The Shamir coefficients in the split's layout: `[byte * (t − 1) + j]` is the
    /// coefficient of x^(j+1) for that byte of the secret.
    let selfCoefficients: [UInt8]
    let keyCoefficients: [UInt8]
    let selfShares: [ShamirShare]
    let keyShares: [ShamirShare]
    let input: [UInt32]

    init(index: Int, threshold: Int, neighbourCount: Int, vectorLength: Int) throws {
        self.index = index
        identitySeed = fixed("device \(index)/identity seed")
        identity = try IdentityKey(seed: SecureBytes(copying: identitySeed))
        encryption = try AgreementKey(secret: SecureBytes(copying: fixed("device \(index)/encryption secret")))
        mask = try AgreementKey(secret: SecureBytes(copying: fixed("device \(index)/mask secret")))
        selfSeed = try SymmetricKey(bytes: fixed("device \(index)/self-mask seed"))
        let length = 32 * (threshold - 1)
        selfCoefficients = fixed("device \(index)/self-mask coefficients", count: length)
        keyCoefficients = fixed("device \(index)/mask-key coefficients", count: length)
        selfShares = try Shamir.split(selfSeed.secureBytes, threshold: threshold, count: neighbourCount,
                                      coefficients: SecureBytes(copying: selfCoefficients))
        keyShares = try Shamir.split(mask.secretBytes, threshold: threshold, count: neighbourCount,
                                     coefficients: SecureBytes(copying: keyCoefficients))
        // Small signed values and the extremes, as two's-complement words.
        input = (0..<vectorLength).map { UInt32(bitPattern: Int32(($0 % 2 == 0 ? 1 : -1) * (1000 * (index + 1) + $0))) }
    }

    /// The nonce of the envelope this device seals for `recipient`.
    func nonce(to recipient: Int) -> [UInt8] { fixed("device \(index)/nonce to \(recipient)", count: 24) }

    func advertiseKeys(_ configuration: RoundConfiguration) throws -> AdvertiseKeys {
        let unsigned = AdvertiseKeys(roundID: configuration.roundID, sender: index, encryptionKey: encryption.publicKey,
                                     maskKey: mask.publicKey, signature: [])
        return AdvertiseKeys(roundID: configuration.roundID, sender: index, encryptionKey: encryption.publicKey,
                             maskKey: mask.publicKey, signature: try Signing.sign(unsigned.unsignedBytes, with: identity, configuration))
    }

    func shareKey(with peer: AdvertiseKeys, _ labels: MaskLabels) throws -> SymmetricKey {
        try encryption.pairwiseKey(with: peer.encryptionKey, context: labels.shareKeyContext)
    }

    func pairSeed(with peer: AdvertiseKeys, _ labels: MaskLabels) throws -> SymmetricKey {
        try mask.pairwiseKey(with: peer.maskKey, context: labels.pairKeyContext)
    }

    /// The plaintext of the envelope for `recipient`: this device's two shares at the
    /// recipient's position among its neighbours.
    func envelopePlaintext(to recipient: Int, _ configuration: RoundConfiguration) -> [UInt8] {
        let position = configuration.graph.position(of: recipient, among: index)!
        return selfShares[position].vectorBytes + keyShares[position].vectorBytes
    }

    func envelope(to peer: AdvertiseKeys, _ configuration: RoundConfiguration, _ labels: MaskLabels) throws -> EncryptedShares {
        let recipient = peer.sender
        let ad = EncryptedShares.associatedData(configuration, sender: index, recipient: recipient)
        let sealed = try XChaCha20Poly1305.seal(envelopePlaintext(to: recipient, configuration), using: shareKey(with: peer, labels),
                                                nonce: nonce(to: recipient), authenticating: ad)
        return EncryptedShares(sender: index, recipient: recipient, ciphertext: nonce(to: recipient) + sealed)
    }

    func shareKeys(_ neighbours: NeighbourKeys, _ configuration: RoundConfiguration, _ labels: MaskLabels) throws -> ShareKeys {
        let envelopes = try neighbours.advertisements.map { try envelope(to: $0, configuration, labels) }
        let commitment = try ShareKeys.commitment(to: selfSeed)
        let unsigned = ShareKeys(roundID: configuration.roundID, sender: index, selfMaskCommitment: commitment,
                                 envelopes: envelopes, signature: [])
        return ShareKeys(roundID: configuration.roundID, sender: index, selfMaskCommitment: commitment, envelopes: envelopes,
                         signature: try Signing.sign(unsigned.unsignedBytes, with: identity, configuration))
    }

    /// The mask streams of this device's input: its self mask, then one pairwise mask per
    /// mask partner (``MaskPartners``), by ascending index (the lower index of a pair adds).
    func maskTerms(partners: [AdvertiseKeys], _ labels: MaskLabels) throws -> [Mask.Term] {
        var terms = [Mask.Term(seed: selfSeed, context: labels.selfMask, sign: .add)]
        for peer in partners.sorted(by: { $0.sender < $1.sender }) {
            terms.append(Mask.Term(seed: try pairSeed(with: peer, labels), context: labels.pairMask,
                                   sign: index < peer.sender ? .add : .subtract))
        }
        return terms
    }

    func maskedInput(partners: [AdvertiseKeys], _ configuration: RoundConfiguration, _ labels: MaskLabels) throws -> MaskedInput {
        var words = input
        let terms = try maskTerms(partners: partners, labels)
        try words.withUnsafeMutableBufferPointer { try Mask.apply(terms, to: $0) }
        let unsigned = MaskedInput(roundID: configuration.roundID, sender: index, words: words, signature: [])
        return MaskedInput(roundID: configuration.roundID, sender: index, words: words,
                           signature: try Signing.sign(unsigned.unsignedBytes, with: identity, configuration))
    }

    /// Opens the delivered envelopes with the real code: the shares of each envelope that
    /// opened, by sender, and the senders whose envelopes did not (ascending).
    func openEnvelopes(_ delivery: ShareDelivery, adverts: [AdvertiseKeys], _ configuration: RoundConfiguration,
                       _ labels: MaskLabels) throws -> (held: [Int: [UInt8]], failed: [Int]) {
        var held: [Int: [UInt8]] = [:]
        var failed: [Int] = []
        for envelope in delivery.envelopes {
            let expected = UInt8(configuration.graph.position(of: index, among: envelope.sender)! + 1)
            let key = try shareKey(with: adverts[envelope.sender], labels)
            do {
                held[envelope.sender] = try envelope.open(key: key, expectedIndex: expected, threshold: configuration.threshold,
                                                          configuration).vectorBytes
            } catch {
                failed.append(envelope.sender)
            }
        }
        return (held, failed)
    }

    /// The signed receipt listing `failed`: the senders whose envelopes did not open.
    func shareReceipt(failed: [Int], _ configuration: RoundConfiguration) throws -> ShareReceipt {
        let unsigned = ShareReceipt(roundID: configuration.roundID, sender: index, failed: failed, signature: [])
        return ShareReceipt(roundID: configuration.roundID, sender: index, failed: failed,
                            signature: try Signing.sign(unsigned.unsignedBytes, with: identity, configuration))
    }

    /// The signature over the contributor set: the signed bytes are the header of a
    /// ConsistencySignature from this device followed by the set's encoding.
    func consistencySignature(_ set: CohortBitmap, _ configuration: RoundConfiguration) throws -> ConsistencySignature {
        let signed = ConsistencySignature.signedBytes(roundID: configuration.roundID, sender: index, contributors: set)
        return ConsistencySignature(roundID: configuration.roundID, sender: index,
                                    signature: try Signing.sign(signed, with: identity, configuration))
    }

    /// Answers an unmask request from the delivered envelopes: for each partner, its
    /// self-mask share when the set lists it, its mask-key share when not.
    func unmaskResponse(partners: [Int], contributors: CohortBitmap, delivery: ShareDelivery, adverts: [AdvertiseKeys],
                        _ configuration: RoundConfiguration, _ labels: MaskLabels) throws -> UnmaskResponse {
        let held = try openEnvelopes(delivery, adverts: adverts, configuration, labels).held
        let size = EncryptedShares.shareByteCount
        let selfShares = partners.filter(contributors.contains).map {
            UnmaskResponse.RevealedShare(owner: $0, bytes: Array(held[$0]![0..<size]))
        }
        let keyShares = partners.filter { !contributors.contains($0) }.map {
            UnmaskResponse.RevealedShare(owner: $0, bytes: Array(held[$0]![size..<(2 * size)]))
        }
        let unsigned = UnmaskResponse.unsignedBytes(roundID: configuration.roundID, sender: index,
                                                    selfMaskShares: selfShares, maskKeyShares: keyShares)
        return UnmaskResponse(roundID: configuration.roundID, sender: index, selfMaskShares: selfShares, maskKeyShares: keyShares,
                              unsignedBytes: unsigned, signature: try Signing.sign(unsigned, with: identity, configuration))
    }
}

/// A whole round of six devices with every secret fixed: device 0's messages are the
/// message vectors, and the round as a whole is what ``SecAggServer`` must accept and sum.
///
/// Six devices, three neighbours each (so the graph is not complete), threshold 2, five
/// words per vector. Every envelope opens, so every receipt is empty and every device's
/// partners are its neighbours. The dropped device shares its keys and sends its receipt
/// but never its input, so it is outside the contributor set and device 0's unmask answer
/// carries both kinds of share.
struct FixtureRound {
    static let roundID: UInt64 = 0x0102_0304_0506_0708
    static let deviceCount = 6
    static let neighbourCount = 3
    static let threshold = 2
    static let vectorLength = 5

    let roundSeed: [UInt8]
    let configuration: RoundConfiguration
    let labels: MaskLabels
    let devices: [ReferenceDevice]
    /// Shares its keys and receipts, then sends no masked input.
    let dropped: Int
    let adverts: [AdvertiseKeys]
    let neighbourKeys: [NeighbourKeys]
    let shareKeys: [ShareKeys]
    let deliveries: [ShareDelivery]
    /// By sender, every device: all empty (every envelope opens).
    let receipts: [ShareReceipt]
    /// By recipient, every device: its neighbours.
    let partners: [MaskPartners]
    /// By sender; every device but ``dropped``.
    let maskedInputs: [Int: MaskedInput]
    /// The devices whose masked input arrived: every device but ``dropped``.
    let contributors: CohortBitmap
    /// By recipient; each contributor.
    let contributorSets: [Int: ContributorSet]
    /// By sender; each contributor.
    let consistencySignatures: [Int: ConsistencySignature]
    /// By recipient; each contributor, with its contributing neighbours' signatures.
    let requests: [Int: UnmaskRequest]
    /// By sender; each contributor.
    let responses: [Int: UnmaskResponse]

    init() throws {
        let n = Self.deviceCount
        let roundSeed = fixed("round seed")
        let devices = try (0..<n).map {
            try ReferenceDevice(index: $0, threshold: Self.threshold, neighbourCount: Self.neighbourCount, vectorLength: Self.vectorLength)
        }
        let cohort = try devices.map {
            CohortMember(id: try DeviceID(deviceIdentifier($0.identity.publicKey)), identityKey: $0.identity.publicKey)
        }
        let configuration = try RoundConfiguration(
            roundID: Self.roundID, roundSeed: roundSeed, cohort: cohort, neighbourCount: Self.neighbourCount,
            threshold: Self.threshold, vectorLength: Self.vectorLength, minimumInputs: 3,
            quantization: QuantizationParameters(clipNorm: 1.5, bound: 2, fractionalBits: 20), noiseMultiplier: 0.75)
        let labels = try MaskLabels(configuration)
        let graph = configuration.graph
        func neighbours(_ device: Int) -> [Int] { graph.neighbours(of: device).map { Int($0) } }
        let dropped = neighbours(0).last!
        let adverts = try devices.map { try $0.advertiseKeys(configuration) }
        let neighbourKeys = (0..<n).map { device in
            NeighbourKeys(roundID: Self.roundID, recipient: device, advertisements: neighbours(device).map { adverts[$0] })
        }
        let shareKeys = try (0..<n).map { try devices[$0].shareKeys(neighbourKeys[$0], configuration, labels) }
        let deliveries = (0..<n).map { device in
            ShareDelivery(roundID: Self.roundID, recipient: device, envelopes: neighbours(device).map { sender in
                shareKeys[sender].envelopes.first { $0.recipient == device }!
            })
        }
        let receipts = try (0..<n).map { device in
            let failed = try devices[device].openEnvelopes(deliveries[device], adverts: adverts, configuration, labels).failed
            return try devices[device].shareReceipt(failed: failed, configuration)
        }
        let partners = (0..<n).map { MaskPartners(roundID: Self.roundID, recipient: $0, partners: neighbours($0)) }
        var maskedInputs: [Int: MaskedInput] = [:]
        for device in 0..<n where device != dropped {
            maskedInputs[device] = try devices[device].maskedInput(partners: partners[device].partners.map { adverts[$0] },
                                                                   configuration, labels)
        }
        let contributorList = (0..<n).filter { $0 != dropped }
        let contributors = CohortBitmap(count: n, members: contributorList)
        var contributorSets: [Int: ContributorSet] = [:]
        var consistencySignatures: [Int: ConsistencySignature] = [:]
        for device in contributorList {
            contributorSets[device] = ContributorSet(roundID: Self.roundID, recipient: device, contributors: contributors)
            consistencySignatures[device] = try devices[device].consistencySignature(contributors, configuration)
        }
        var requests: [Int: UnmaskRequest] = [:]
        var responses: [Int: UnmaskResponse] = [:]
        for device in contributorList {
            requests[device] = UnmaskRequest(roundID: Self.roundID, recipient: device, contributors: contributors,
                                             signatures: neighbours(device).compactMap { consistencySignatures[$0] })
            responses[device] = try devices[device].unmaskResponse(
                partners: partners[device].partners, contributors: contributors, delivery: deliveries[device], adverts: adverts,
                configuration, labels)
        }
        self.roundSeed = roundSeed
        self.configuration = configuration
        self.labels = labels
        self.devices = devices
        self.dropped = dropped
        self.adverts = adverts
        self.neighbourKeys = neighbourKeys
        self.shareKeys = shareKeys
        self.deliveries = deliveries
        self.receipts = receipts
        self.partners = partners
        self.maskedInputs = maskedInputs
        self.contributors = contributors
        self.contributorSets = contributorSets
        self.consistencySignatures = consistencySignatures
        self.requests = requests
        self.responses = responses
    }

    /// The wrapping sum of the contributors' inputs: what the server must release.
    var expectedSum: [UInt32] {
        var sum = [UInt32](repeating: 0, count: Self.vectorLength)
        for device in devices where device.index != dropped {
            for i in sum.indices { sum[i] &+= device.input[i] }
        }
        return sum
    }
}
