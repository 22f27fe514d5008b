import ArgumentParser
import ConfideClient
import ConfideML
import ConfideProtocol
import Foundation

/// `confide-client-sim evaluate`: ranking quality (precision, recall, NDCG at 10) of the
/// personalization sources on the devices' held-out ratings, from the signed models runs
/// saved, as `name: value` lines (what `scripts/measure-personalization` prints).
struct EvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure top-10 recommendation quality of the saved models on every MovieLens user's held-out ratings.")

    @Option(help: "Models of a run with differential privacy (`run --models-out`): K-Means, MF and histogram.") var models: String
    @Option(name: .customLong("models-no-dp"), help: "Models of the same run without noise (for the federated MF line).")
    var modelsNoDP: String?
    @Option(help: "The seed the runs used (it fixes each device's held-out split).") var seed: UInt64 = 42
    @Option(name: .customLong("cold-ratings"), help: "Training ratings a cold-start view of a user keeps.") var coldRatings = 5
    @Option(name: .customLong("hybrid-weight"), help: "Popularity's weight in the device chain's hybrid score (the device's default 0.2).")
    var hybridWeight = 0.2
    @Option(name: .customLong("support-damping"), help: "κ of the device's support damping (default 0: off; see PersonalRecommender).")
    var supportDamping = 0.0
    @Option(name: .customLong("data-dir"), help: "MovieLens-100K folder (default $CONFIDE_ML100K_DIR or var/data/ml-100k).")
    var dataDirectory: String?

    func validate() throws {
        guard coldRatings >= 1 else { throw ValidationError("--cold-ratings must be at least 1") }
        guard (0...1).contains(hybridWeight) else { throw ValidationError("--hybrid-weight must be in [0, 1]") }
    }

    func run() async throws {
        let evaluation = try PersonalizationEvaluation(try Population.loadMovieLens(directory: dataDirectory), seed: seed, coldRatings: coldRatings)
        let dp = try Self.load(models)
        guard let segments = dp.segments, let mf = dp.mf, let histogram = dp.histogram else {
            throw SimulationError("\(models) must hold kmeans.cfm, mf.cfm and histogram.cfm (run with --popularity-epsilon and --models-out)")
        }
        let noDP = try modelsNoDP.map(Self.load)
        let relevant = evaluation.relevant
        let place: (PersonalizationEvaluation.User, Bool) throws -> Int? = { user, cold in
            try segments.model.assign(cold ? user.coldFeatures : user.features).segment
        }
        let overall = try ItemPopularity(overall: histogram.popularity.overall)
        let central = try evaluation.centralized(seed: seed)
        let centralItems = try PersonalizationEvaluation.itemModel(central, regularization: 0.1)
        var results: [(String, RankingMetrics)] = []
        for cold in [false, true] {
            let prefix = cold ? "cold_" : ""
            func measure(_ name: String, _ rankings: [[Int]]) throws {
                results.append((prefix + name, try RankingMetrics(rankings: rankings, relevant: relevant)))
            }
            try measure("federated_dp", try evaluation.rankings(try PersonalRecommender(model: (mf.layout, mf.items), popularity: nil), cold: cold))
            if let plain = noDP?.mf {
                try measure("federated", try evaluation.rankings(try PersonalRecommender(model: (plain.layout, plain.items), popularity: nil), cold: cold))
            }
            try measure("centralized", cold
                ? try evaluation.rankings(try PersonalRecommender(model: centralItems, popularity: nil), cold: true)
                : evaluation.rankings(central))
            try measure("segment_popularity", try evaluation.rankings(try PersonalRecommender(model: nil, popularity: histogram.popularity),
                                                                      cold: cold, segment: place))
            try measure("global_popularity", try evaluation.rankings(try PersonalRecommender(model: nil, popularity: overall), cold: cold))
            let chain = PersonalRecommender.Configuration(hybridWeight: hybridWeight, supportDamping: supportDamping)
            if supportDamping > 0 {
                let damped = PersonalRecommender.Configuration(hybridWeight: 0, supportDamping: supportDamping)
                try measure("federated_dp_damped", try evaluation.rankings(try PersonalRecommender(configuration: damped, model: (mf.layout, mf.items),
                                                                                                  popularity: overall), cold: cold))
            }
            try measure("device_chain_dp", try evaluation.rankings(try PersonalRecommender(configuration: chain, model: (mf.layout, mf.items),
                                                                                          popularity: histogram.popularity),
                                                                   cold: cold, segment: place))
        }
        say("users: \(evaluation.users.count)")
        say("users_with_relevant_held_out_items: \(results.first?.1.users ?? 0)")
        say("cold_view_training_ratings: \(coldRatings)")
        for (name, metrics) in results {
            say("precision_at_10_\(name): \(String(format: "%.4f", metrics.precision))")
            say("recall_at_10_\(name): \(String(format: "%.4f", metrics.recall))")
            say("ndcg_at_10_\(name): \(String(format: "%.4f", metrics.ndcg))")
        }
        for prefix in ["", "cold_"] {
            let ndcg = Dictionary(uniqueKeysWithValues: results.map { ($0.0, $0.1.ndcg) })
            if let federated = ndcg[prefix + "federated_dp"], let popular = ndcg[prefix + "global_popularity"], popular > 0 {
                say("\(prefix)ndcg_at_10_federated_dp_over_global_popularity: \(String(format: "%.3f", federated / popular))")
            }
        }
    }

    private static func load(_ path: String) throws -> (segments: PublishedSegments?, mf: PublishedRecommendations?, histogram: PublishedPopularity?) {
        let (key, documents) = try ModelFolder(path).load()
        func document(_ task: String) throws -> ModelDocument? {
            try documents[task].map { try ModelDocument(verifying: $0, with: key) }
        }
        return (try document("kmeans").map { try PublishedSegments($0) }, try document("mf").map { try PublishedRecommendations($0) },
                try document("histogram").map { try PublishedPopularity($0) })
    }
}
