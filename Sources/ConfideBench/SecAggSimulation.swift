import ConfideAggregation
import ConfideCrypto

/// Drives one SecAgg+ round for the benchmark: every message is serialized by its sender
/// and parsed by its receiver, as a transport would, and each side is timed on its own.
struct SecAggSimulation {
    /// Timings and sizes collected during a run.
    struct Figures {
        var advertise: [Double] = []
        var shareKeys: [Double] = []
        var receipt: [Double] = []
        var mask: [Double] = []
        var consistency: [Double] = []
        var unmask: [Double] = []
        var serverAdvertise = 0.0
        var serverShareKeys = 0.0
        var serverReceipt = 0.0
        var serverMaskedInput = 0.0
        var serverConsistency = 0.0
        var serverUnmask = 0.0
        var serverFinish = 0.0
        var uploadBytes = 0
        var downloadBytes = 0

        func median(_ path: KeyPath<Figures, [Double]>) -> Double {
            let sorted = self[keyPath: path].sorted()
            return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
        }
    }

    let configuration: RoundConfiguration
    let workers: Int
    private var clients: [SecAggClient]
    private var server: SecAggServer
    private(set) var figures = Figures()
    private(set) var expected: [UInt32]
    private(set) var recovered: [UInt32] = []
    private(set) var contributors: [Int] = []

    init(clients count: Int, dim: Int, neighbors: Int?, threshold: Int?, threads: Int?,
         random: inout SplitMix) throws {
        let identities = try (0..<count).map { _ in try IdentityKey() }
        let cohort = try identities.enumerated().map {
            CohortMember(id: try DeviceID("device-\($0.offset)"), identityKey: $0.element.publicKey)
        }
        let seed = (0..<32).map { _ in UInt8.random(in: 0...255, using: &random) }
        let config = try RoundConfiguration(
            roundID: 1, roundSeed: seed, cohort: cohort, neighbourCount: neighbors, threshold: threshold, vectorLength: dim,
            quantization: QuantizationParameters.fitting(clipNorm: 1, bound: 1, devices: count))
        configuration = config
        clients = try (0..<count).map {
            try SecAggClient(configuration: config, id: cohort[$0].id, identity: identities[$0])
        }
        server = try SecAggServer(configuration: config)
        expected = Array(repeating: 0, count: dim)
        workers = max(1, threads ?? SecAggServer.defaultWorkerCount)
    }

    mutating func run(dropping dropped: Set<Int>, random: inout SplitMix) throws {
        var upload = Array(repeating: 0, count: clients.count)
        var download = Array(repeating: 0, count: clients.count)
        for device in clients.indices {
            var message: AdvertiseKeys!
            figures.advertise.append(try Timing.seconds { message = try clients[device].advertiseKeys() })
            let bytes = message.serialized()
            upload[device] += bytes.count
            figures.serverAdvertise += try Timing.seconds { try server.receive(AdvertiseKeys(serialized: bytes)) }
        }
        var keys: [NeighbourKeys] = []
        figures.serverAdvertise += try Timing.seconds { keys = try server.closeAdvertiseKeys() }
        for message in keys {
            let device = message.recipient
            let bytes = message.serialized()
            download[device] += bytes.count
            var reply: ShareKeys!
            figures.shareKeys.append(try Timing.seconds { reply = try clients[device].shareKeys(NeighbourKeys(serialized: bytes)) })
            let replyBytes = reply.serialized()
            upload[device] += replyBytes.count
            figures.serverShareKeys += try Timing.seconds { try server.receive(ShareKeys(serialized: replyBytes)) }
        }
        var deliveries: [ShareDelivery] = []
        figures.serverShareKeys += try Timing.seconds { deliveries = try server.closeShareKeys() }
        // Every device receipts its shares; the ones that drop do so after that, so the server
        // must rebuild their mask keys (the costly case).
        for delivery in deliveries {
            let device = delivery.recipient
            let bytes = delivery.serialized()
            download[device] += bytes.count
            var receipt: ShareReceipt!
            figures.receipt.append(try Timing.seconds { receipt = try clients[device].receiveShares(ShareDelivery(serialized: bytes)) })
            let replyBytes = receipt.serialized()
            upload[device] += replyBytes.count
            figures.serverReceipt += try Timing.seconds { try server.receive(ShareReceipt(serialized: replyBytes)) }
        }
        var partners: [MaskPartners] = []
        figures.serverReceipt += try Timing.seconds { partners = try server.closeShareReceipts() }
        var input = [UInt32](repeating: 0, count: configuration.vectorLength)
        // Masked inputs reach the server in batches, as concurrent uploads would; it checks their
        // signatures in parallel and folds each into the running sum.
        var pending: [[UInt8]] = []
        for message in partners where !dropped.contains(message.recipient) {
            let device = message.recipient
            let bytes = message.serialized()
            download[device] += bytes.count
            for i in input.indices {
                input[i] = UInt32(truncatingIfNeeded: random.next())
                expected[i] &+= input[i]
            }
            let parsed = try MaskPartners(serialized: bytes)
            var masked: MaskedInput!
            figures.mask.append(try Timing.seconds { masked = try clients[device].maskInput(parsed, input: input) })
            pending.append(masked.serialized())
            upload[device] += pending[pending.count - 1].count
            if pending.count == Self.batchSize { try deliverMaskedInputs(&pending) }
        }
        try deliverMaskedInputs(&pending)
        try unmask(upload: &upload, download: &download)
        let survivor = clients.indices.first { !dropped.contains($0) } ?? 0
        figures.uploadBytes = upload[survivor]
        figures.downloadBytes = download[survivor]
    }

    static let batchSize = 16

    private mutating func deliverMaskedInputs(_ pending: inout [[UInt8]]) throws {
        let workers = workers
        var outcomes: [AggregationError?] = []
        figures.serverMaskedInput += try Timing.seconds {
            outcomes = server.receive(try pending.map { try MaskedInput(serialized: $0) }, workers: workers)
        }
        if let error = outcomes.compactMap({ $0 }).first { throw error }
        pending = []
    }

    private mutating func unmask(upload: inout [Int], download: inout [Int]) throws {
        var sets: [ContributorSet] = []
        figures.serverConsistency += try Timing.seconds { sets = try server.closeMaskedInput() }
        var signatures: [[UInt8]] = []
        for set in sets {
            let device = set.recipient
            let bytes = set.serialized()
            download[device] += bytes.count
            var signature: ConsistencySignature!
            figures.consistency.append(try Timing.seconds { signature = try clients[device].signContributors(ContributorSet(serialized: bytes)) })
            signatures.append(signature.serialized())
            upload[device] += signatures[signatures.count - 1].count
        }
        let workers = workers
        var checked: [AggregationError?] = []
        figures.serverConsistency += try Timing.seconds {
            checked = server.receive(try signatures.map { try ConsistencySignature(serialized: $0) }, workers: workers)
        }
        if let error = checked.compactMap({ $0 }).first { throw error }
        var requests: [UnmaskRequest] = []
        figures.serverConsistency += try Timing.seconds { requests = try server.closeConsistencyCheck() }
        var responses: [[UInt8]] = []
        for request in requests {
            let device = request.recipient
            let bytes = request.serialized()
            download[device] += bytes.count
            var response: UnmaskResponse!
            figures.unmask.append(try Timing.seconds { response = try clients[device].unmask(UnmaskRequest(serialized: bytes)) })
            responses.append(response.serialized())
            upload[device] += responses[responses.count - 1].count
        }
        var outcomes: [AggregationError?] = []
        figures.serverUnmask += try Timing.seconds {
            outcomes = server.receive(try responses.map { try UnmaskResponse(serialized: $0) }, workers: workers)
        }
        if let error = outcomes.compactMap({ $0 }).first { throw error }
        var result: AggregationResult!
        figures.serverFinish = try Timing.seconds { result = try server.finish(workers: workers) }
        figures.serverUnmask += figures.serverFinish
        recovered = result.sum
        contributors = result.contributors
    }

    /// Seconds the raw libsodium keystream takes to produce `streams` vectors of D words:
    /// the floor for masking with that many streams (best of 5).
    func rawKeystreamSeconds(streams: Int) throws -> Double {
        let key = try SymmetricKey()
        var buffer = [UInt8](repeating: 0, count: configuration.vectorLength * 4)
        return try Timing.best(of: 5) {
            for _ in 0..<streams {
                try buffer.withUnsafeMutableBytes { try BenchmarkBaselines.xchacha20Keystream(key: key, into: $0) }
            }
        }
    }
}
