import ArgumentParser
import AsyncHTTPClient
import ConfideClient
import ConfideCrypto
import ConfideML
import ConfidePolicy
import ConfideProtocol
import ConfideStore
import Foundation

/// `confide-client-sim run`: builds N devices, registers them, records their users'
/// consent, and trains the requested tasks with the coordinator over HTTP.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run simulated devices against a coordinator and print one line per round and a summary.")

    enum Dataset: String, ExpressibleByArgument, CaseIterable { case ml100k = "ml-100k", synthetic }
    enum Task: String, ExpressibleByArgument, CaseIterable { case kmeans, mf, both }

    @Option(help: "The coordinator's base URL.") var coordinator: String
    @Option(help: "ml-100k (one device per MovieLens user) or synthetic (seeded e-commerce shoppers).") var dataset = Dataset.ml100k
    @Option(help: "kmeans (segments), mf (recommendations) or both.") var task = Task.both
    @Option(help: "Number of devices (MovieLens has 943 users).") var clients = 943
    /// Lloyd rounds of a K-Means job when none are asked for: under noise four, averaged
    /// over rounds (`KMeansDesign.momentum`; docs/ml.md, "Private segments"), since every
    /// round pays for its own noise; without noise enough to converge.
    static func defaultKMeansRounds(noise: Bool) -> Int { noise ? 4 : 30 }
    /// Gradient rounds of an MF job when none are asked for.
    static let defaultMFRounds = 30

    @Option(help: "Training rounds per job after initialization: Lloyd rounds of K-Means (default 4 under DP noise, 30 without), gradient rounds of MF (default 30).")
    var rounds: Int?
    @Option(name: .customLong("mf-rounds"),
            help: "Training rounds of the MF job (default: \(RunCommand.alsRounds) for als, --rounds or \(RunCommand.defaultMFRounds) for gradient).") var mfRounds: Int?
    @Option(name: .customLong("mf-method"), help: "How the MF job trains: als (private ALS) or gradient.") var mfMethod = MFMethod.gradient
    @Option(name: .customLong("consent-rate"), help: "Share of users who consent to each training purpose.") var consentRate = 0.9
    @Option(help: "Share of invited devices that vanish at a random stage of a round.") var dropout = 0.05
    @Option(help: "Most HTTP connections open at once (default: one per device).") var concurrency: Int?
    @Option(help: "Seed for data, consent, dropouts and model initialization (cryptography never uses it).") var seed: UInt64 = 42
    @Option(name: .customLong("json-out"), help: "Write the run's results as JSON to this file.") var jsonOut: String?
    @Option(name: .customLong("admin-token-file"), help: "File with the coordinator's admin token (else $CONFIDE_ADMIN_TOKEN).")
    var adminTokenFile: String?
    @Option(help: "The policies folder (devices strip personal data by its rules).") var policies = "policies"
    @Option(name: .customLong("data-dir"), help: "MovieLens-100K folder (default $CONFIDE_ML100K_DIR or var/data/ml-100k).")
    var dataDirectory: String?
    @Option(help: "Segments to find.") var clusters = 8
    @Option(name: .customLong("clusters-sweep"),
            help: "Let the K-Means job choose k: sweep FROM-TO (e.g. 2-8, at least 3 candidates) in one federated round, instead of --clusters.")
    var clustersSweep: ClusterSweep?
    @Option(help: "Latent factors of the MF model (default: the method's, 5 for gradient).") var factors: Int?
    @Option(name: .customLong("kmeans-epsilon"),
            help: "The ε the K-Means job may spend (default: jobs share what is left of the policy's budget equally).")
    var kmeansEpsilon: Double?
    @Option(name: .customLong("sampling-rate"), help: "Cohort sampling rate per round (default: the coordinator plans it from the ε budget).")
    var samplingRate: Double?
    @Option(name: .customLong("stage-timeout"), help: "Seconds a stage waits for missing devices.") var stageTimeout = 30.0
    @Option(help: "Devices that attack the protocol (see --misbehaviour), spread evenly over the population.") var malicious = 0
    @Option(help: "What malicious devices do: spoil-envelopes, wrong-shares or unclipped-update.")
    var misbehaviour = DeviceMisbehaviour.spoilEnvelopes
    @Option(name: .customLong("popularity-epsilon"),
            help: "Run the federated item-popularity histogram (after K-Means, before MF) with this ε; default: not run.")
    var popularityEpsilon: Double?
    @Option(name: .customLong("models-out"), help: "Save the signed models the run ends with in this folder (for `recommend`).")
    var modelsOut: String?
    @Option(help: "Simulate only shard I of N (every N-th device of the population, from the I-th), to spread a fleet over processes or machines; shard 0 waits for every shard's devices, starts the jobs and reports, the others run their devices until those jobs end.")
    var shard = Shard(index: 0, count: 1)

    /// ALS rounds when `--mf-rounds` is not given: private ALS converges in a few, and each
    /// more round costs noise.
    static let alsRounds = 3

    func validate() throws {
        guard clients >= 2 else { throw ValidationError("--clients must be at least 2") }
        guard (rounds ?? 1) >= 1, (mfRounds ?? 1) >= 1 else { throw ValidationError("--rounds must be at least 1") }
        guard (0...1).contains(consentRate) else { throw ValidationError("--consent-rate must be between 0 and 1") }
        guard (0..<1).contains(dropout) else { throw ValidationError("--dropout must be at least 0 and below 1") }
        guard (0..<clients).contains(malicious) else { throw ValidationError("--malicious must be at least 0 and below --clients") }
        guard (concurrency ?? 1) >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard (2...64).contains(clusters) else { throw ValidationError("--clusters must be 2 to 64") }
        if let clustersSweep, !((2...64).contains(clustersSweep.range.lowerBound) && clustersSweep.range.upperBound <= 64
                                  && clustersSweep.range.count >= 3) {
            throw ValidationError("--clusters-sweep must run from 2 to 64 with at least 3 candidates, e.g. 2-8")
        }
        guard (kmeansEpsilon ?? 1) > 0 else { throw ValidationError("--kmeans-epsilon must be positive") }
        guard (popularityEpsilon ?? 1) > 0 else { throw ValidationError("--popularity-epsilon must be positive") }
        guard URL(string: coordinator)?.host != nil else { throw ValidationError("--coordinator must be a URL such as http://127.0.0.1:8080") }
    }

    func run() async throws {
        let started = ContinuousClock.now
        let token = try adminToken()
        let policy = try PolicyLoader.load(policies)
        let (population, features, items) = try loadPopulation()
        let positions = population.indices.filter { $0 % shard.count == shard.index }
        let users = positions.map { population[$0] }
        if shard.count > 1 { say("shard \(shard.index)/\(shard.count): \(users.count) of the population's \(population.count) devices") }
        var http = HTTPClient.Configuration()
        http.connectionPool = .init(idleTimeout: .seconds(120),
                                    concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency ?? users.count)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: http)
        do {
            try await simulate(users: users, positions: positions, population: population.count, features: features, items: items,
                               policy: policy, token: token, http: client, started: started)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    private func simulate(users: [SimulatedUser], positions: [Int], population: Int, features: FeatureSet, items: Int?, policy: Policy,
                          token: String, http: HTTPClient, started: ContinuousClock.Instant) async throws {
        let base = coordinator.hasSuffix("/") ? String(coordinator.dropLast()) : coordinator
        let transport = HTTPClientTransport(baseURL: base, client: http)
        say("preparing \(users.count) devices (local stores, cleaning, features)…")
        let fleet = try await SimulatedFleet.build(users, policy: policy, transport: transport, concurrency: 8)
        do {
            try await train(fleet, users: users, positions: positions, population: population, features: features, items: items,
                            token: token, base: base, http: http, started: started)
        } catch {
            await fleet.close()
            throw error
        }
        await fleet.close()
    }

    private func train(_ fleet: SimulatedFleet, users: [SimulatedUser], positions: [Int], population: Int, features: FeatureSet,
                       items: Int?, token: String, base: String, http: HTTPClient, started: ContinuousClock.Instant) async throws {
        let admin = AdminClient(baseURL: base, token: token, http: http)
        // A follower counts the jobs that start after it enrolled; shard 0 starts none before every shard enrolled.
        let baseline = shard.index > 0 ? try await admin.lastJob()?.id : nil
        let consenting = try await fleet.enroll(consentRate: consentRate, seed: seed, admin: admin, concurrency: concurrency ?? 64,
                                                positions: positions)
        say("registered \(users.count) devices; consenting: " + consenting.map { "\($0.key) \($0.value)" }.sorted().joined(separator: ", "))
        if malicious > 0 {
            let step = fleet.devices.count / malicious
            for index in stride(from: 0, to: step * malicious, by: step) { await fleet.devices[index].misbehave(misbehaviour) }
            say("\(malicious) devices attack the protocol: \(misbehaviour.rawValue)")
        }
        let schedule = DropoutSchedule(rate: dropout, seed: seed, devices: fleet.devices.map(\.id), positions: positions)
        var report = SimulationReport(dataset: dataset.rawValue, clients: users.count, consenting: consenting)
        let planned = jobs(features: features, items: items, noise: try await admin.privacy().differentialPrivacyNoise)
        if shard.index > 0 {
            let ended = try await fleet.follow(jobs: planned.count, after: baseline, admin: admin, dropout: schedule)
            say("shard \(shard.index)/\(shard.count) done: its \(users.count) devices served \(ended.count) jobs ("
                + ended.map { "\($0.task.rawValue) \($0.state.rawValue)" }.joined(separator: ", ") + ")")
            guard ended.allSatisfy({ $0.state == .completed }) else { throw SimulationError("a training job did not complete") }
            return
        }
        if shard.count > 1 { try await waitForShards(admin, population: population) }
        for (index, var job) in planned.enumerated() {
            // Jobs of one run share what is left of the policy's ε budget equally.
            let privacy = try await admin.privacy()
            if privacy.differentialPrivacyNoise, privacy.epsilonSpent.isFinite {
                let left = privacy.epsilonBudget - privacy.epsilonSpent
                if job.task == .histogram, let popularityEpsilon, index < planned.count - 1 {
                    job.epsilon = min(popularityEpsilon, left)
                } else {
                    job.epsilon = job.task == .kmeans && kmeansEpsilon != nil && index < planned.count - 1
                        ? min(kmeansEpsilon!, left) : left / Double(planned.count - index)
                }
            }
            say("starting \(job.task) training: \(job.rounds) rounds" + (job.epsilon.map { ", ε allowance \(RoundPrinter.format($0))" } ?? ""))
            let status = try await fleet.train(job, admin: admin, dropout: schedule)
            report.jobs.append(try await fleet.compare(status, job: job, seed: seed, modelsOut: modelsOut.map(ModelFolder.init),
                                                       baselines: shard.count == 1))
        }
        report.privacy = try await admin.privacy()
        report.wallSeconds = Double((ContinuousClock.now - started).components.seconds)
        report.printSummary()
        if let jsonOut { try report.write(to: jsonOut) }
        guard report.jobs.allSatisfy({ $0.status.state == .completed }) else {
            throw SimulationError("a training job did not complete; see the rounds above")
        }
    }

    private func jobs(features: FeatureSet, items: Int?, noise: Bool) -> [StartJobRequest] {
        var jobs: [StartJobRequest] = []
        let timeout = stageTimeout
        if task != .mf {
            jobs.append(StartJobRequest(task: .kmeans, features: features, rounds: rounds ?? Self.defaultKMeansRounds(noise: noise),
                                        clusters: clustersSweep == nil ? clusters : nil, samplingRate: samplingRate,
                                        stageTimeoutSeconds: timeout, seed: seed, clustersFrom: clustersSweep?.range.lowerBound,
                                        clustersTo: clustersSweep?.range.upperBound))
        }
        if task == .both, popularityEpsilon != nil, let items {
            jobs.append(StartJobRequest(task: .histogram, rounds: 1, items: items, samplingRate: samplingRate,
                                        stageTimeoutSeconds: timeout, seed: seed))
        }
        if task != .kmeans, let items {
            jobs.append(StartJobRequest(task: .mf, rounds: mfRounds ?? (mfMethod == .als ? Self.alsRounds : rounds ?? Self.defaultMFRounds),
                                        items: items, factors: factors, method: mfMethod,
                                        samplingRate: samplingRate, stageTimeoutSeconds: timeout, seed: seed))
        }
        return jobs
    }

    private func loadPopulation() throws -> ([SimulatedUser], FeatureSet, Int?) {
        switch dataset {
        case .ml100k:
            let data = try Population.loadMovieLens(directory: dataDirectory)
            if clients > data.users.count { say("MovieLens has \(data.users.count) users; simulating all of them") }
            return (Population.movieLens(data, clients: min(clients, data.users.count), seed: seed), .movieLensUser, data.items.count)
        case .synthetic:
            if task == .mf { throw SimulationError("the synthetic shop has no ratings to factorize; use --task kmeans or --dataset ml-100k") }
            return (try Population.synthetic(clients: clients, seed: seed), .commerce, nil)
        }
    }

    /// Shard 0 starts no job before every shard's devices registered (so every shard's
    /// follower sees each job start); it gives up after 10 minutes.
    private func waitForShards(_ admin: AdminClient, population: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(600)
        var lastSaid = -1
        while true {
            let registered = try await admin.devices().active
            if registered >= population { return }
            if registered != lastSaid {
                say("waiting for the other shards' devices: \(registered) of \(population) registered")
                lastSaid = registered
            }
            guard ContinuousClock.now < deadline else {
                throw SimulationError("only \(registered) of the population's \(population) devices registered within 10 minutes; start every shard (--shard I/\(shard.count))")
            }
            try await _Concurrency.Task.sleep(for: .seconds(1))
        }
    }

    private func adminToken() throws -> String {
        if let adminTokenFile {
            guard let data = FileManager.default.contents(atPath: adminTokenFile) else {
                throw SimulationError("cannot read the admin token file \(adminTokenFile)")
            }
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let token = ProcessInfo.processInfo.environment["CONFIDE_ADMIN_TOKEN"], !token.isEmpty else {
            throw SimulationError("give the coordinator's admin token with --admin-token-file or CONFIDE_ADMIN_TOKEN")
        }
        return token
    }
}

extension DeviceMisbehaviour: ExpressibleByArgument {}
extension MFMethod: ExpressibleByArgument {}

/// `--clusters-sweep FROM-TO`: the candidates of a sweep over k.
struct ClusterSweep: ExpressibleByArgument, Sendable {
    let range: ClosedRange<Int>

    init?(argument: String) {
        let parts = argument.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let from = Int(parts[0]), let to = Int(parts[1]), from <= to else { return nil }
        range = from...to
    }
}

/// `--shard I/N`: this process simulates every N-th device of the population, from the I-th.
struct Shard: ExpressibleByArgument, Sendable {
    let index: Int
    let count: Int

    init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    init?(argument: String) {
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), (1...1_000).contains(count),
              (0..<count).contains(index) else { return nil }
        self.init(index: index, count: count)
    }

    var defaultValueDescription: String { "\(index)/\(count)" }
}
