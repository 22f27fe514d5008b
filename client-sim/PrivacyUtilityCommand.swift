import ArgumentParser
import ConfideAggregation
import ConfideAudit
import ConfideClient
import ConfideCoordinator
import ConfideML
import ConfidePolicy
import ConfideProtocol
import Foundation

/// `confide-client-sim privacy-utility`: the privacy–utility curve. Rehearses the
/// coordinator's real jobs (``JobRehearsal``: its privacy plan, sampling, clipping and noise)
/// at each ε and without noise, over several seeds, and writes the medians as a table, `name:
/// value` lines and an SVG chart.
struct PrivacyUtilityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "privacy-utility",
        abstract: "Quality of each model against ε (medians over seeds), as a table, name: value lines and an SVG chart.")

    @Option(help: "The ε values, comma-separated; each job gets the whole ε on its own.") var epsilons = "1,2,4,8,16"
    @Option(help: "Seeds per setting (data split, initialization, sampling and noise); figures are medians.") var seeds = 5
    @Option(help: "First seed; the others follow it.") var firstSeed: UInt64 = 1
    @Option(name: .customLong("synthetic-clients"), help: "Synthetic shoppers for the second K-Means data set (0 skips it).")
    var syntheticClients = 10_000
    @Option(help: "Write the chart (SVG) here.") var svg: String?
    @Option(help: "Write the table (Markdown) here.") var table: String?
    @Option(help: "The policies folder (training limits: δ, clip norm, least σ, minimum cohort).") var policies = "policies"
    @Option(name: .customLong("data-dir"), help: "MovieLens-100K folder (default $CONFIDE_ML100K_DIR or var/data/ml-100k).")
    var dataDirectory: String?

    func validate() throws {
        guard (1...50).contains(seeds) else { throw ValidationError("--seeds must be 1 to 50") }
        guard syntheticClients == 0 || syntheticClients >= 100 else { throw ValidationError("--synthetic-clients must be 0 or at least 100") }
        _ = try parsedEpsilons()
    }

    func parsedEpsilons() throws -> [Double] {
        let values = epsilons.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0.map { $0 > 0 && $0.isFinite && $0 <= 1_000 } == true }) else {
            throw ValidationError("--epsilons must be positive numbers up to 1000, comma-separated, got '\(epsilons)'")
        }
        return values.map { $0! }.sorted()
    }

    func run() async throws {
        let policy = try PolicyLoader.load(policies)
        let levels = try parsedEpsilons().map(PrivacyLevel.epsilon) + [.none]
        let movieLens = try Population.loadMovieLens(directory: dataDirectory)
        var sweep = PrivacyUtilitySweep(levels: levels)
        for seed in (0..<UInt64(seeds)).map({ firstSeed &+ $0 }) {
            let users = Population.movieLens(movieLens, clients: movieLens.users.count, seed: seed)
            let data = try await Concurrently.map(users, limit: 8) { try await $0.deviceData(policy: policy) }
            let rehearsals = PrivacyUtilityRehearsals(policy: policy, seed: seed)
            for level in levels {
                let mf = try rehearsals.mf(data, items: movieLens.items.count, method: .gradient, level: level)
                sweep.add(.mfRMSE, level, mf.federatedRMSE)
                let als = try rehearsals.mf(data, items: movieLens.items.count, method: .als, level: level)
                sweep.add(.mfRMSEALS, level, als.federatedRMSE)
                sweep.addBaseline(.mfRMSECentralized, mf.centralizedRMSE)
                sweep.addBaseline(.mfRMSEGlobalMean, PrivacyUtilityRehearsals.globalMeanRMSE(data))
                let kmeans = try rehearsals.kmeans(data, features: .movieLensUser, clusters: 4, level: level)
                sweep.add(.kmeansRatioMovieLens, level, kmeans.ratio)
                sweep.addBaseline(.kmeansTrivialMovieLens, kmeans.singleClusterRatio)
                say("seed \(seed) \(level.label): MF RMSE gradient \(format(mf.federatedRMSE)), ALS \(format(als.federatedRMSE)), K-Means MovieLens × \(format(kmeans.ratio))")
            }
            if syntheticClients > 0 {
                let shoppers = try Population.synthetic(clients: syntheticClients, seed: seed).map { try $0.build([]) }
                for level in levels {
                    let kmeans = try rehearsals.kmeans(shoppers, features: .commerce, clusters: 5, level: level)
                    sweep.add(.kmeansRatioSynthetic, level, kmeans.ratio)
                    sweep.addBaseline(.kmeansTrivialSynthetic, kmeans.singleClusterRatio)
                    say("seed \(seed) \(level.label): K-Means synthetic × \(format(kmeans.ratio))")
                }
            }
        }
        let command = "confide-client-sim privacy-utility --epsilons \(epsilons) --seeds \(seeds) --first-seed \(firstSeed) --synthetic-clients \(syntheticClients)"
        let markdown = sweep.markdownTable(command: command)
        print(markdown)
        if let table { try Data(markdown.utf8).write(to: URL(fileURLWithPath: table)) }
        if let svg { try Data(sweep.chart().utf8).write(to: URL(fileURLWithPath: svg)) }
        for (name, value) in sweep.figures() { print("\(name): \(format(value))") }
    }

    private func format(_ value: Double) -> String { String(format: "%.4f", value) }
}
