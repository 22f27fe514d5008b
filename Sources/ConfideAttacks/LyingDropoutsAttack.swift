@_spi(AttackDemonstration) import ConfideAggregation
import ConfideCrypto

/// The lying-dropouts attack on SecAgg+, run by a malicious coordinator against real
/// client state machines, to show what the consistency check prevents.
///
/// The coordinator runs the first stages honestly and keeps each device's masked input
/// y_u (it sees them one by one). To learn a victim u's input it needs u's self-mask seed
/// b_u and, for every partner v of u, the pairwise seed s_uv. It tells every device that u
/// survived (so u's partners reveal shares of b_u), and for each partner v of u it tells t
/// of v's other partners that v dropped (so they reveal shares of v's mask key, hence
/// s_uv); x_u = y_u − PRG(b_u) ∓ Σ PRG(s_uv). Which devices to tell what is a maximum
/// flow: each v needs t "dropped" claims, and a device can be told at most
/// (its partners − t) dropouts before it refuses for want of t survivors.
///
/// Without the check each device answers the story it is told, and the attack recovers
/// x_u exactly. With it, each device signs the set it is shown and answers only for that
/// set with t neighbours' signatures over the same set; the tailored sets cannot gather
/// them, so devices refuse.
public enum LyingDropoutsAttack {
    /// What the attack achieved.
    public struct Outcome: Sendable {
        /// Whether the coordinator recovered the victim's exact input.
        public var succeeded = false
        /// Whether a consistent lie exists at all (the max-flow saturated).
        public var assignmentFound = false
        /// Devices asked to unmask, and how many of them refused.
        public var asked = 0
        public var refused = 0
        /// Shares of the victim's self-mask seed collected (t are needed).
        public var selfShares = 0
        /// Partners of the victim whose mask key was rebuilt, of how many.
        public var keysRebuilt = 0
        public var partners = 0
    }

    /// Runs one round of `clients` devices and attacks device 0.
    public static func run(clients n: Int, neighbours k: Int? = nil, threshold t: Int? = nil, vectorLength d: Int = 16,
                           consistencyCheck: Bool, seed: UInt64 = 1) throws -> Outcome {
        var random = SplitMix64(seed: seed)
        let identities = try (0..<n).map { _ in try IdentityKey() }
        let cohort = try identities.enumerated().map {
            CohortMember(id: try DeviceID("device-\($0.offset)"), identityKey: $0.element.publicKey)
        }
        let configuration = try RoundConfiguration(
            roundID: 9, roundSeed: (0..<32).map { _ in UInt8(truncatingIfNeeded: random.next()) }, cohort: cohort,
            neighbourCount: k, threshold: t, vectorLength: d,
            quantization: QuantizationParameters(clipNorm: 1, bound: 1, fractionalBits: 16))
        var clients = try (0..<n).map { try SecAggClient(configuration: configuration, id: cohort[$0].id, identity: identities[$0]) }
        for i in clients.indices { clients[i].checksConsistency = consistencyCheck }
        let inputs = (0..<n).map { _ in (0..<d).map { _ in UInt32(truncatingIfNeeded: random.next()) } }

        // Stages 1–4, honestly, through the real server.
        var server = try SecAggServer(configuration: configuration)
        var advertisements: [AdvertiseKeys] = []
        for i in clients.indices {
            let message = try clients[i].advertiseKeys()
            advertisements.append(message)
            try server.receive(message)
        }
        for message in try server.closeAdvertiseKeys() { try server.receive(clients[message.recipient].shareKeys(message)) }
        for message in try server.closeShareKeys() { try server.receive(clients[message.recipient].receiveShares(message)) }
        var partners = [[Int]](repeating: [], count: n)
        var masked = [[UInt32]](repeating: [], count: n)
        for message in try server.closeShareReceipts() {
            partners[message.recipient] = message.partners
            masked[message.recipient] = try clients[message.recipient].maskInput(message, input: inputs[message.recipient]).words
        }

        let victim = 0
        let threshold = configuration.threshold
        var outcome = Outcome()
        outcome.partners = partners[victim].count
        guard let told = assignment(victim: victim, partners: partners, threshold: threshold) else { return outcome }
        outcome.assignmentFound = true

        // Each device's story: everyone contributed, except the partners of the victim it is told dropped.
        let storyOf: (Int) -> CohortBitmap = { device in
            CohortBitmap(count: n, members: (0..<n).filter { !(told[device]?.contains($0) ?? false) })
        }
        let involved = Set(partners[victim]).union(told.keys).sorted()
        var signatures: [Int: ConsistencySignature] = [:]
        if consistencyCheck {
            // The best the coordinator can do: show each device its story and pass on whichever
            // neighbours' signatures happen to be over the same set.
            for device in 0..<n where device != victim {
                signatures[device] = try clients[device].signContributors(
                    ContributorSet(roundID: configuration.roundID, recipient: device, contributors: storyOf(device)))
            }
        }
        var selfShares: [[UInt8]] = []
        var keyShares: [Int: [[UInt8]]] = [:]
        for device in involved {
            let story = storyOf(device)
            let matching = configuration.graph.neighbours(of: device).compactMap { neighbour in
                signatures[Int(neighbour)].flatMap { storyOf(Int(neighbour)) == story ? $0 : nil }
            }
            let request = UnmaskRequest(roundID: configuration.roundID, recipient: device, contributors: story, signatures: matching)
            outcome.asked += 1
            guard let response = try? clients[device].unmask(request) else {
                outcome.refused += 1
                continue
            }
            selfShares += response.selfMaskShares.filter { $0.owner == victim }.map(\.serialized)
            for share in response.maskKeyShares { keyShares[share.owner, default: []].append(share.serialized) }
        }
        outcome.selfShares = selfShares.count

        // What the coordinator can now compute about the victim.
        guard selfShares.count >= threshold else { return outcome }
        let labels = try MaskLabels(configuration)
        var view = masked[victim]
        let selfSeed = try SymmetricKey(Shamir.combine(serialized: Array(selfShares.prefix(threshold))))
        try view.withUnsafeMutableBufferPointer { try Mask.subtract(seed: selfSeed, context: labels.selfMask, from: $0) }
        for partner in partners[victim] {
            guard let shares = keyShares[partner], shares.count >= threshold else { continue }
            let key = try AgreementKey(secret: Shamir.combine(serialized: Array(shares.prefix(threshold))))
            let pairSeed = try key.pairwiseKey(with: advertisements[victim].maskKey, context: labels.pairKeyContext)
            // The victim added the pair mask if its index is lower, subtracted it otherwise; undo that.
            try view.withUnsafeMutableBufferPointer {
                try Mask.apply([Mask.Term(seed: pairSeed, context: labels.pairMask, sign: victim < partner ? .subtract : .add)], to: $0)
            }
            outcome.keysRebuilt += 1
        }
        outcome.succeeded = view == inputs[victim]
        return outcome
    }

    /// For each partner v of the victim, t devices among v's other partners to tell that v
    /// dropped, each told at most (its partners − t) dropouts; `nil` if no such assignment exists.
    static func assignment(victim: Int, partners: [[Int]], threshold t: Int) -> [Int: Set<Int>]? {
        let targets = partners[victim]
        let n = partners.count
        // Nodes: 0 source, 1 sink, 2... the victim's partners, then every device.
        var graph = MaxFlow(nodes: 2 + targets.count + n)
        var claims: [(edge: Int, target: Int, device: Int)] = []
        for (slot, target) in targets.enumerated() {
            graph.addEdge(0, 2 + slot, capacity: t)
            for device in partners[target] where device != victim {
                claims.append((graph.addEdge(2 + slot, 2 + targets.count + device, capacity: 1), target, device))
            }
        }
        for device in 0..<n where device != victim {
            graph.addEdge(2 + targets.count + device, 1, capacity: max(0, partners[device].count - t))
        }
        guard graph.run(from: 0, to: 1) == t * targets.count else { return nil }
        var told: [Int: Set<Int>] = [:]
        for claim in claims where graph.flow(on: claim.edge) > 0 { told[claim.device, default: []].insert(claim.target) }
        return told
    }
}
