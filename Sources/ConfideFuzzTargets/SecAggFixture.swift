import ConfideAggregation
import ConfideCrypto

/// One honest secure-aggregation round of five devices, stopped before device 0 speaks at
/// each stage, so a fuzzed message can be delivered to a server or client mid-round.
///
/// Identity keys come from fixed seeds, so a saved input is signed by the same keys in
/// every process; the round's fresh X25519 keys and seeds differ from run to run, which
/// only changes whether an old envelope still decrypts.
struct SecAggFixture: Sendable {
    /// Devices in the round.
    static let deviceCount = 5
    /// Words per input vector.
    static let vectorLength = 8
    private static let signingDomain = Array("confide.secagg.v1.signature".utf8)
    private static let instance = Result { () throws -> SecAggFixture in try SecAggFixture() }

    let identities: [IdentityKey]
    let configuration: RoundConfiguration
    /// Servers waiting for device 0's message of stage 1 (AdvertiseKeys) to 6 (UnmaskResponse).
    let servers: [SecAggServer]
    /// Device 0 waiting for its NeighbourKeys, ShareDelivery, MaskPartners, ContributorSet and UnmaskRequest.
    let clients: [SecAggClient]
    /// Device 0's input.
    let input: [UInt32]
    /// Every message device 0 sent or received, and the configuration, serialized.
    let messages: [(name: String, bytes: [UInt8])]

    /// The fixture every target in this process shares (built on first use).
    static func shared() throws -> SecAggFixture { try instance.get() }

    private init() throws {
        let identities = try (0..<Self.deviceCount).map { try FuzzKeys.identity(UInt8(0x10 + $0)) }
        let cohort = try identities.enumerated().map {
            CohortMember(id: try DeviceID("device-\($0.offset)"), identityKey: $0.element.publicKey)
        }
        let configuration = try RoundConfiguration(
            roundID: 7, roundSeed: [UInt8](repeating: 1, count: 32), cohort: cohort, vectorLength: Self.vectorLength,
            quantization: QuantizationParameters(clipNorm: 1, bound: 1, fractionalBits: 16))
        let inputs = (0..<Self.deviceCount).map { device in (0..<Self.vectorLength).map { UInt32(device * 1_000 + $0) } }
        var clients = try (0..<Self.deviceCount).map {
            try SecAggClient(configuration: configuration, id: cohort[$0].id, identity: identities[$0])
        }
        var server = try SecAggServer(configuration: configuration)
        var servers: [SecAggServer] = []
        var deviceZero: [SecAggClient] = []
        var messages: [(name: String, bytes: [UInt8])] = [("configuration", configuration.serialized())]

        // Each stage: every device but 0 reports, the snapshot is taken, then device 0 reports.
        let adverts = try clients.indices.map { try clients[$0].advertiseKeys() }
        for device in 1..<Self.deviceCount { try server.receive(adverts[device]) }
        servers.append(server)
        try server.receive(adverts[0])
        messages.append(("advertise-keys", adverts[0].serialized()))

        let keys = try server.closeAdvertiseKeys()
        deviceZero.append(clients[0])
        let shares = try keys.map { try clients[$0.recipient].shareKeys($0) }
        for message in shares where message.sender != 0 { try server.receive(message) }
        servers.append(server)
        for message in shares where message.sender == 0 { try server.receive(message) }
        messages += [("neighbour-keys", keys[0].serialized()), ("share-keys", shares[0].serialized())]

        let deliveries = try server.closeShareKeys()
        deviceZero.append(clients[0])
        let receipts = try deliveries.map { try clients[$0.recipient].receiveShares($0) }
        for message in receipts where message.sender != 0 { try server.receive(message) }
        servers.append(server)
        for message in receipts where message.sender == 0 { try server.receive(message) }
        messages += [("share-delivery", deliveries[0].serialized()), ("share-receipt", receipts[0].serialized())]

        let partners = try server.closeShareReceipts()
        deviceZero.append(clients[0])
        let masked = try partners.map { try clients[$0.recipient].maskInput($0, input: inputs[$0.recipient]) }
        for message in masked where message.sender != 0 { try server.receive(message) }
        servers.append(server)
        for message in masked where message.sender == 0 { try server.receive(message) }
        messages += [("mask-partners", partners[0].serialized()), ("masked-input", masked[0].serialized())]

        let sets = try server.closeMaskedInput()
        deviceZero.append(clients[0])
        let signatures = try sets.map { try clients[$0.recipient].signContributors($0) }
        for message in signatures where message.sender != 0 { try server.receive(message) }
        servers.append(server)
        for message in signatures where message.sender == 0 { try server.receive(message) }
        messages += [("contributor-set", sets[0].serialized()), ("consistency-signature", signatures[0].serialized())]

        let requests = try server.closeConsistencyCheck()
        deviceZero.append(clients[0])
        let responses = try requests.map { try clients[$0.recipient].unmask($0) }
        for message in responses where message.sender != 0 { try server.receive(message) }
        servers.append(server)
        messages += [("unmask-request", requests[0].serialized()), ("unmask-response", responses[0].serialized())]

        self.identities = identities
        self.configuration = configuration
        self.servers = servers
        self.clients = deviceZero
        self.input = inputs[0]
        self.messages = messages
    }

    /// `bytes` with its trailing signature replaced by `sender`'s over the rest, as the
    /// protocol signs (see `Signing` in ConfideAggregation); `nil` if `sender` is not in the cohort.
    func resigned(_ bytes: [UInt8], sender: Int) -> [UInt8]? {
        let length = IdentityPublicKey.signatureByteCount
        guard identities.indices.contains(sender), bytes.count >= length else { return nil }
        let unsigned = Array(bytes.dropLast(length))
        guard let digest = try? Digest.blake2b256(fields: [Self.signingDomain, configuration.digest, unsigned]),
              let signature = try? identities[sender].signature(for: digest) else { return nil }
        return unsigned + signature
    }
}
