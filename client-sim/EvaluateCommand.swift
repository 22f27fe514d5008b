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
    @Option(name: .customLong("hybrid-weight"), help: "Popularity's weight in the device chain's hybrid score (default: the device's).")
    var hybridWeight: Double?
    @Option(name: .customLong("segment-weight"), help: "The segment's weight against overall popularity in the chain (default: the device's).")
    var segmentWeight: Double?
    @Option(name: .customLong("support-damping"), help: "κ of the device's support damping (default: the device's; see PersonalRecommender).")
    var supportDamping: Double?
    @Flag(help: "Also choose the chain's weights and κ on a validation split of the training ratings (never the test ratings) and report them.")
    var tune = false
    @Option(name: .customLong("data-dir"), help: "MovieLens-100K folder (default $CONFIDE_ML100K_DIR or var/data/ml-100k).")
    var dataDirectory: String?

    func validate() throws {
        guard coldRatings >= 1 else { throw ValidationError("--cold-ratings must be at least 1") }
        guard (0...1).contains(hybridWeight ?? 0), (0...1).contains(segmentWeight ?? 0) else {
            throw ValidationError("--hybrid-weight and --segment-weight must be in [0, 1]")
        }
        guard (supportDamping ?? 0) >= 0, (supportDamping ?? 0).isFinite else { throw ValidationError("--support-damping must be at least 0") }
    }

    /// The device chain's settings: the device's defaults unless overridden.
    var chain: PersonalRecommender.Configuration {
        var configuration = PersonalRecommender.Configuration()
        if let hybridWeight { configuration.hybridWeight = hybridWeight }
        if let segmentWeight { configuration.segmentWeight = segmentWeight }
        if let supportDamping { configuration.supportDamping = supportDamping }
        return configuration
    }

    func run() async throws {
        let evaluation = try PersonalizationEvaluation(try Population.loadMovieLens(directory: dataDirectory), seed: seed, coldRatings: coldRatings)
        let dp = try Self.load(models)
        guard let segments = dp.segments, let mf = dp.mf, let histogram = dp.histogram else {
            throw SimulationError("\(models) must hold kmeans.cfm, mf.cfm and histogram.cfm (run with --popularity-epsilon and --models-out)")
        }
        let noDP = try modelsNoDP.map(Self.load)
        let place: ([Double]) throws -> Int? = { try segments.model.assign($0).segment }
        let overall = try ItemPopularity(overall: histogram.popularity.overall)
        let central = try evaluation.centralized(seed: seed)
        let centralItems = try PersonalizationEvaluation.itemModel(central, regularization: 0.1)
        let collaborativeOnly = PersonalRecommender.Configuration(hybridWeight: 0)
        var results: [(String, RankingMetrics)] = []
        for view in [PersonalizationEvaluation.View.test, .coldTest] {
            let prefix = view.isCold ? "cold_" : ""
            func measure(_ name: String, _ rankings: [[Int]]) throws {
                results.append((prefix + name, try RankingMetrics(rankings: rankings, relevant: evaluation.relevant(view))))
            }
            try measure("federated_dp", try evaluation.rankings(try PersonalRecommender(configuration: chain, model: (mf.layout, mf.items),
                                                                                       popularity: histogram.popularity),
                                                                view: view, segment: place))
            if let plain = noDP, let plainMF = plain.mf {
                let plainPlace: ([Double]) throws -> Int? = { try plain.segments?.model.assign($0).segment }
                try measure("federated", try evaluation.rankings(try PersonalRecommender(configuration: chain, model: (plainMF.layout, plainMF.items),
                                                                                        popularity: plain.histogram?.popularity),
                                                                 view: view, segment: plainPlace))
                try measure("federated_collaborative_only", try evaluation.rankings(
                    try PersonalRecommender(configuration: collaborativeOnly, model: (plainMF.layout, plainMF.items), popularity: nil), view: view))
            }
            try measure("federated_dp_collaborative_only", try evaluation.rankings(
                try PersonalRecommender(configuration: collaborativeOnly, model: (mf.layout, mf.items), popularity: nil), view: view))
            try measure("centralized", view.isCold
                ? try evaluation.rankings(try PersonalRecommender(configuration: collaborativeOnly, model: centralItems, popularity: nil), view: view)
                : evaluation.rankings(central))
            try measure("segment_popularity", try evaluation.rankings(
                try PersonalRecommender(configuration: .init(segmentWeight: 1), model: nil, popularity: histogram.popularity),
                view: view, segment: place))
            try measure("global_popularity", try evaluation.rankings(try PersonalRecommender(model: nil, popularity: overall), view: view))
        }
        say("users: \(evaluation.users.count)")
        say("users_with_relevant_held_out_items: \(results.first?.1.users ?? 0)")
        say("cold_view_training_ratings: \(coldRatings)")
        say("chain_hybrid_weight: \(chain.hybridWeight)")
        say("chain_segment_weight: \(chain.segmentWeight)")
        say("chain_support_damping: \(chain.supportDamping)")
        if tune {
            let tuned = try ChainTuning.choose(evaluation, model: (mf.layout, mf.items), popularity: histogram.popularity, place: place)
            say("tuned_on_validation_hybrid_weight: \(tuned.configuration.hybridWeight)")
            say("tuned_on_validation_segment_weight: \(tuned.configuration.segmentWeight)")
            say("tuned_on_validation_support_damping: \(tuned.configuration.supportDamping)")
            say("tuned_validation_ndcg_at_10: \(String(format: "%.4f", tuned.validation))")
            say("tuned_validation_ndcg_at_10_cold: \(String(format: "%.4f", tuned.coldValidation))")
        }
        for (name, metrics) in results {
            // `cold_ndcg_at_10_federated_dp`: the cold view's prefix leads, as in the ratio lines.
            let (prefix, source) = name.hasPrefix("cold_") ? ("cold_", String(name.dropFirst(5))) : ("", name)
            say("\(prefix)precision_at_10_\(source): \(String(format: "%.4f", metrics.precision))")
            say("\(prefix)recall_at_10_\(source): \(String(format: "%.4f", metrics.recall))")
            say("\(prefix)ndcg_at_10_\(source): \(String(format: "%.4f", metrics.ndcg))")
        }
        let ndcg = Dictionary(uniqueKeysWithValues: results.map { ($0.0, $0.1.ndcg) })
        for prefix in ["", "cold_"] {
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
