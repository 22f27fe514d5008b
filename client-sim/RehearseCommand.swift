import ArgumentParser
import ConfideAggregation
import ConfideClient
import ConfideCoordinator
import ConfideML
import ConfidePolicy
import ConfideProtocol
import ConfideStore
import Foundation

/// `confide-client-sim rehearse`: the coordinator's real job, privacy plan, sampling,
/// clipping and noise, in process and without cryptography (``JobRehearsal``): a quick,
/// seeded measure of what a job's design costs in quality at a given ε.
struct RehearseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rehearse",
        abstract: "Rehearse a training job in process with the coordinator's job and differential privacy; print `name: value` lines.")

    enum Accountant: String, ExpressibleByArgument, CaseIterable { case rdp, pld }

    @Option(help: "ml-100k (one device per MovieLens user) or synthetic (seeded e-commerce shoppers).")
    var dataset = RunCommand.Dataset.ml100k
    @Option(help: "Number of devices (MovieLens has 943 users).") var clients = 943
    @Option(help: "kmeans (segments) or mf (recommendations).") var task = RunCommand.Task.kmeans
    @Option(help: "The ε the job may spend (at the policy's δ).") var epsilon = 4.0
    @Option(help: "Seed for data, the job's initialization, cohort sampling and noise.") var seed: UInt64 = 42
    @Option(help: "Segments to find (default 4 on ml-100k, 5 on synthetic).") var clusters: Int?
    @Option(name: .customLong("clusters-sweep"), help: "Let the K-Means job choose k from FROM-TO (e.g. 2-8), instead of --clusters.")
    var clustersSweep: ClusterSweep?
    @Option(help: "Lloyd rounds of K-Means (default 4 under DP noise, 30 without) or gradient rounds of MF (default \(RunCommand.defaultMFRounds)).")
    var rounds: Int?
    @Option(help: "Latent factors of the MF model (default: the method's).") var factors: Int?
    @Option(name: .customLong("mf-method"), help: "How the MF job trains: als (private ALS) or gradient.") var mfMethod = MFMethod.gradient
    @Option(name: .customLong("sampling-rate"), help: "Cohort sampling rate per round (default: planned from ε).") var samplingRate: Double?
    @Flag(name: .customLong("no-dp-noise"), help: "Run as a coordinator configured without differential-privacy noise.")
    var noDPNoise = false
    @Option(name: .customLong("noise-factor"), help: "Diagnostics: multiply the added noise (0 keeps the noisy plan but adds none).")
    var noiseFactor = 1.0
    @Option(help: "Privacy accountant: pld (the engine's) or rdp (looser, for comparison).") var accountant = Accountant.pld
    @Option(help: "K-Means design overrides, name=value,… (fields of KMeansDesign), to measure alternatives.") var design = ""
    @Flag(help: "Also print one line per round.") var verbose = false
    @Option(help: "The policies folder (training limits; devices strip personal data by its rules).") var policies = "policies"
    @Option(name: .customLong("data-dir"), help: "MovieLens-100K folder (default $CONFIDE_ML100K_DIR or var/data/ml-100k).")
    var dataDirectory: String?

    func validate() throws {
        guard clients >= 2 else { throw ValidationError("--clients must be at least 2") }
        guard (rounds ?? 1) >= 1 else { throw ValidationError("--rounds must be at least 1") }
        guard epsilon > 0 else { throw ValidationError("--epsilon must be positive") }
        guard (2...64).contains(clusters ?? 2) else { throw ValidationError("--clusters must be 2 to 64") }
        guard noiseFactor >= 0 else { throw ValidationError("--noise-factor must not be negative") }
        guard task != .both else { throw ValidationError("--task is kmeans or mf") }
        guard !(task == .mf && dataset == .synthetic) else {
            throw ValidationError("the synthetic shop has no ratings to factorize; use --task kmeans or --dataset ml-100k")
        }
    }

    func run() async throws {
        let policy = try PolicyLoader.load(policies)
        let (users, features, items) = try loadPopulation()
        // A synthetic shopper's data does not depend on its store (`Population.synthetic`),
        // so 10,000 local stores are skipped; MovieLens devices go through theirs.
        let data = dataset == .synthetic
            ? try users.map { try $0.build([]) }
            : try await Concurrently.map(users, limit: 8) { try await $0.deviceData(policy: policy) }
        let request: StartJobRequest
        let k = clusters ?? (dataset == .ml100k ? 4 : 5)
        switch task {
        case .kmeans, .both:
            request = StartJobRequest(task: .kmeans, features: features, rounds: rounds ?? RunCommand.defaultKMeansRounds(noise: !noDPNoise),
                                      clusters: clustersSweep == nil ? k : nil, epsilon: noDPNoise ? nil : epsilon,
                                      samplingRate: samplingRate, seed: seed, clustersFrom: clustersSweep?.range.lowerBound,
                                      clustersTo: clustersSweep?.range.upperBound)
        case .mf:
            request = StartJobRequest(task: .mf, rounds: rounds ?? (mfMethod == .als ? RunCommand.alsRounds : RunCommand.defaultMFRounds),
                                      items: items, factors: factors, method: mfMethod,
                                      epsilon: noDPNoise ? nil : epsilon, samplingRate: samplingRate, seed: seed)
        }
        let devices: [JobRehearsal.DeviceUpdate] = data.map { device in
            { work, parameters in try DeviceWorker.update(for: work, parameters: parameters, data: device) }
        }
        var kmeansDesign = KMeansDesign()
        try kmeansDesign.apply(design)
        let rehearsal = JobRehearsal(limits: policy.training, noise: !noDPNoise, noiseFactor: noiseFactor, seed: seed,
                                     kmeansDesign: kmeansDesign)
        let outcome: JobRehearsal.Outcome
        switch accountant {
        case .rdp:
            var accounting = try PrivacyAccountant()
            outcome = try rehearsal.run(request, devices: devices, accountant: &accounting)
        case .pld:
            var accounting = try PLDAccountant()
            outcome = try rehearsal.run(request, devices: devices, accountant: &accounting)
        }
        try report(outcome, request: request, data: data)
    }

    private func report(_ outcome: JobRehearsal.Outcome, request: StartJobRequest, data: [DeviceData]) throws {
        func line(_ name: String, _ value: Any) { print("\(name): \(value)") }
        line("task", request.task)
        line("dataset", dataset.rawValue)
        line("clients", data.count)
        line("state", outcome.state)
        if let reason = outcome.reason { line("reason", reason) }
        line("sigma", outcome.noiseMultiplier)
        line("sampling_rate", outcome.samplingRate)
        line("rounds", outcome.plannedRounds)
        line("rounds_completed", outcome.rounds.count)
        line("epsilon", outcome.rounds.last.map(\.epsilon) ?? 0)
        if verbose {
            for (index, round) in outcome.rounds.enumerated() {
                let metric = round.metric.map { " \(round.metricName ?? "metric") \($0)" } ?? ""
                line("round_\(index + 1)", "\(round.work.rawValue) cohort \(round.cohort) clipped \(round.clipped) noise_std \(round.noiseStandardDeviation)\(metric)")
            }
        }
        let lastNoise = outcome.rounds.last(where: { $0.task == request.task.rawValue })?.noiseStandardDeviation ?? 0
        line("noise_std_last_round", lastNoise)
        guard outcome.state == .completed else { throw SimulationError("the rehearsed job did not complete: \(outcome.reason ?? "")") }
        for text in SegmentAnalyticsText.lines(outcome.metadata) { print(text) }
        if request.task == .kmeans, let features = request.features,
           let k = outcome.metadata["clusters"].flatMap(Int.init) ?? request.clusters {
            let comparison = try Baselines.kmeans(data, features: features, model: outcome.parameters, metadata: outcome.metadata,
                                                  clusters: k, seed: seed)
            line("inertia", comparison.federatedInertia)
            line("inertia_centralized", comparison.centralizedInertia)
            line("inertia_ratio", comparison.ratio)
            if let sizes = outcome.metadata["segment_sizes"] { line("segment_sizes", sizes) }
        } else if let items = request.items {
            let comparison = try Baselines.mf(data, model: outcome.parameters, metadata: outcome.metadata, items: items,
                                              factors: request.factors ?? 5, seed: seed)
            line("rmse", comparison.federatedRMSE)
            line("rmse_centralized", comparison.centralizedRMSE)
            line("rmse_ratio", comparison.ratio)
        }
    }

    private func loadPopulation() throws -> ([SimulatedUser], FeatureSet, Int?) {
        switch dataset {
        case .ml100k:
            let data = try Population.loadMovieLens(directory: dataDirectory)
            return (Population.movieLens(data, clients: min(clients, data.users.count), seed: seed), .movieLensUser, data.items.count)
        case .synthetic:
            return (try Population.synthetic(clients: clients, seed: seed), .commerce, nil)
        }
    }
}
