import ConfideCrypto
@testable import ConfideAggregation

/// A small seeded generator for reproducible test scenarios; cryptographic randomness in
/// the code under test still comes from libsodium.
typealias SeededGenerator = SplitMix64

/// Where a device stops answering.
enum DropPoint: CaseIterable {
    /// Never advertises keys.
    case beforeAdvertise
    /// Advertises keys, never shares them.
    case beforeShareKeys
    /// Shares keys, never receipts its neighbours' shares.
    case beforeReceipt
    /// Receipts its shares, never sends its masked input.
    case beforeMaskedInput
    /// Sends its masked input, never signs the contributor set.
    case beforeConsistency
    /// Signs the contributor set, never answers the unmask request.
    case beforeUnmask
}

/// A whole round driven in memory: one server, n clients, known inputs.
struct Harness {
    let configuration: RoundConfiguration
    var clients: [SecAggClient]
    var server: SecAggServer
    let inputs: [[UInt32]]
    let identities: [IdentityKey]

    static func configuration(n: Int, k: Int? = nil, t: Int? = nil, d: Int, minimumInputs: Int? = nil,
                              roundID: UInt64 = 7, seedByte: UInt8 = 1,
                              identities: [IdentityKey]) throws -> RoundConfiguration {
        let cohort = try identities.enumerated().map {
            CohortMember(id: try DeviceID("device-\($0.offset)"), identityKey: $0.element.publicKey)
        }
        return try RoundConfiguration(
            roundID: roundID, roundSeed: [UInt8](repeating: seedByte, count: 32), cohort: cohort, neighbourCount: k,
            threshold: t, vectorLength: d, minimumInputs: minimumInputs,
            quantization: QuantizationParameters(clipNorm: 1, bound: 1, fractionalBits: 16))
    }

    init(n: Int, k: Int? = nil, t: Int? = nil, d: Int, minimumInputs: Int? = nil, seed: UInt64 = 1) throws {
        var random = SeededGenerator(seed: seed)
        let identities = try (0..<n).map { _ in try IdentityKey() }
        let configuration = try Self.configuration(n: n, k: k, t: t, d: d, minimumInputs: minimumInputs, identities: identities)
        self.identities = identities
        self.configuration = configuration
        clients = try (0..<n).map { try SecAggClient(configuration: configuration, id: configuration.cohort[$0].id, identity: identities[$0]) }
        server = try SecAggServer(configuration: configuration)
        inputs = (0..<n).map { _ in (0..<d).map { _ in UInt32.random(in: 0...UInt32.max, using: &random) } }
    }

    /// The wrapping sum of the inputs of `devices`.
    func expectedSum(of devices: some Sequence<Int>) -> [UInt32] {
        var sum = [UInt32](repeating: 0, count: configuration.vectorLength)
        for device in devices {
            for i in sum.indices { sum[i] &+= inputs[device][i] }
        }
        return sum
    }

    // MARK: Stages, each delivering the server's messages to the devices that still answer

    mutating func advertise(skipping silent: Set<Int> = []) throws {
        for device in 0..<clients.count where !silent.contains(device) {
            try server.receive(clients[device].advertiseKeys())
        }
    }

    mutating func shareKeys(skipping silent: Set<Int> = []) throws {
        let keys = try server.closeAdvertiseKeys()
        for message in keys where !silent.contains(message.recipient) {
            try server.receive(clients[message.recipient].shareKeys(message))
        }
    }

    mutating func receipts(skipping silent: Set<Int> = []) throws {
        let deliveries = try server.closeShareKeys()
        for delivery in deliveries where !silent.contains(delivery.recipient) {
            try server.receive(clients[delivery.recipient].receiveShares(delivery))
        }
    }

    mutating func maskInputs(skipping silent: Set<Int> = []) throws {
        let partners = try server.closeShareReceipts()
        for message in partners where !silent.contains(message.recipient) {
            try server.receive(clients[message.recipient].maskInput(message, input: inputs[message.recipient]))
        }
    }

    mutating func signContributors(skipping silent: Set<Int> = []) throws {
        let sets = try server.closeMaskedInput()
        for set in sets where !silent.contains(set.recipient) {
            try server.receive(clients[set.recipient].signContributors(set))
        }
    }

    mutating func unmask(skipping silent: Set<Int> = []) throws -> [UnmaskRequest] {
        let requests = try server.closeConsistencyCheck()
        for request in requests where !silent.contains(request.recipient) {
            try server.receive(clients[request.recipient].unmask(request))
        }
        return requests
    }

    /// Runs the round with devices dropping at the given points.
    mutating func run(drops: [DropPoint: Set<Int>] = [:], workers: Int = 2) throws -> AggregationResult {
        try advertise(skipping: drops[.beforeAdvertise] ?? [])
        try shareKeys(skipping: drops[.beforeShareKeys] ?? [])
        try receipts(skipping: drops[.beforeReceipt] ?? [])
        try maskInputs(skipping: drops[.beforeMaskedInput] ?? [])
        try signContributors(skipping: drops[.beforeConsistency] ?? [])
        _ = try unmask(skipping: drops[.beforeUnmask] ?? [])
        return try server.finish(workers: workers)
    }
}

/// The outcome the protocol must produce, computed from the drop sets with plain set logic.
struct ReferenceOutcome {
    enum Outcome: Equatable {
        case success(contributors: Set<Int>)
        case abort(stage: RoundStage, culprits: Set<Int>)
    }

    static func predict(graph: NeighbourGraph, threshold t: Int, minimumInputs: Int,
                        drops: [DropPoint: Set<Int>]) -> Outcome {
        let all = Set(0..<graph.deviceCount)
        func neighbours(_ u: Int) -> Set<Int> { Set(graph.neighbours(of: u).map { Int($0) }) }
        func prune(_ set: Set<Int>) -> Set<Int> {
            var live = set
            while let weak = live.first(where: { neighbours($0).intersection(live).count < t }) { live.remove(weak) }
            return live
        }
        let u1 = prune(all.subtracting(drops[.beforeAdvertise] ?? []))
        if u1.count < minimumInputs { return .abort(stage: .advertiseKeys, culprits: []) }
        let shared = prune(u1.subtracting(drops[.beforeShareKeys] ?? []))
        if shared.count < minimumInputs { return .abort(stage: .shareKeys, culprits: []) }
        let u2 = prune(shared.subtracting(drops[.beforeReceipt] ?? []))
        if u2.count < minimumInputs { return .abort(stage: .shareReceipt, culprits: []) }
        let u3 = u2.subtracting(drops[.beforeMaskedInput] ?? [])
        if u3.count < minimumInputs { return .abort(stage: .maskedInput, culprits: []) }
        let droppedAfterSharing = u2.subtracting(u3).filter { !neighbours($0).intersection(u3).isEmpty }
        let needy = u3.union(droppedAfterSharing)
        let lacking = needy.filter { neighbours($0).intersection(u3).count < t }
        if !lacking.isEmpty { return .abort(stage: .maskedInput, culprits: lacking) }
        let signers = u3.subtracting(drops[.beforeConsistency] ?? [])
        // A signer with fewer than t signing neighbours would refuse, so it is never asked.
        let asked = signers.filter { neighbours($0).intersection(signers).count >= t }
        let responders = asked.subtracting(drops[.beforeUnmask] ?? [])
        let short = needy.filter { neighbours($0).intersection(responders).count < t }
        if !short.isEmpty { return .abort(stage: .unmask, culprits: short) }
        return .success(contributors: u3)
    }
}
