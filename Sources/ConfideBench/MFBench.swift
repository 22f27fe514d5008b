import ArgumentParser
import ConfideML
import Foundation

/// `confide-bench mf`: centralized biased MF (SGD or ALS) and simulated-federated MF on
/// MovieLens-100K (random 80/20 split) or on an external split from CSV files; with
/// `--epsilon` or `--method als`, the federated methods under differential privacy
/// (MFBench+Private.swift).
struct MFBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mf",
        abstract: "Matrix factorization fit time, RMSE, MAE and ranking quality; federated RMSE against centralized."
    )

    enum Dataset: String, ExpressibleByArgument { case ml100k = "ml-100k" }
    enum Method: String, ExpressibleByArgument { case sgd, als }
    enum FederatedMethod: String, ExpressibleByArgument { case gradient, als }
    enum Split: String, ExpressibleByArgument { case random, perUser = "per-user" }

    @Option(help: "ml-100k (split here, seeded). Ignored with --train/--test.")
    var dataset: Dataset = .ml100k
    @Option(help: "Training ratings, CSV with header user,item,rating,timestamp.")
    var train: String?
    @Option(help: "Test ratings, same format.")
    var test: String?
    @Option(help: "How ml-100k is split: random (80/20 over all ratings) or per-user (20% of each user's).")
    var split: Split = .random
    @Option(help: "Write the split used to DIR/train.csv and DIR/test.csv (for baselines on the same split).")
    var exportSplit: String?
    @Option(help: "Latent factors (default: the method's default).")
    var factors: Int?
    @Option(help: "Epochs (SGD) or alternations (ALS) (default: the method's default).")
    var epochs: Int?
    @Option(help: "L2 regularization λ (default: the method's default).")
    var regularization: Double?
    @Option(help: "Centralized training method.")
    var centralMethod: Method = .sgd
    @Option(help: "Federated method: gradient (Adam on dense item gradients) or als (private ALS).")
    var method: FederatedMethod = .gradient
    @Option(help: "The federated job's ε (δ 1e-5, every round at q = 1, PLD accountant); σ follows from it and the rounds.")
    var epsilon: Double?
    @Option(help: "Seed of the per-user split of the private runs (the simulator's default).")
    var splitSeed: UInt64 = 42
    @Option(help: "Private runs: seeds from --seed on; the median RMSE is reported.")
    var runs = 1
    @OptionGroup var als: PrivateALSOptions
    @Option(help: "Seed for the split, initialization and ordering.")
    var seed: UInt64 = 42
    @Option(help: "Gradient rounds of the simulated-federated run.")
    var federatedRounds: Int?
    @Option(help: "Latent factors of the simulated-federated run.")
    var federatedFactors: Int?
    @Option(help: "L2 regularization λ of the simulated-federated run.")
    var federatedRegularization: Double?
    @Option(help: "Timing repetitions of the centralized fit; the best is reported.")
    var repetitions = 3
    @Option(help: "Folder of MovieLens-100K (default: $CONFIDE_ML100K_DIR or var/data/ml-100k).")
    var data: String?

    func validate() throws {
        guard (train == nil) == (test == nil) else { throw ValidationError("--train and --test go together") }
        guard factors.map({ $0 >= 1 }) ?? true, epochs.map({ $0 >= 1 }) ?? true,
              federatedRounds.map({ $0 >= 1 }) ?? true, federatedFactors.map({ $0 >= 1 }) ?? true,
              federatedRegularization.map({ $0 > 0 }) ?? true, regularization.map({ $0 > 0 }) ?? true, repetitions >= 1,
              runs >= 1, epsilon.map({ $0 > 0 }) ?? true else {
            throw ValidationError("--factors, --epochs, --regularization, --federated-rounds, --repetitions, --runs and --epsilon must be positive")
        }
    }

    func run() throws {
        if epsilon != nil || method == .als { return try runPrivate() }
        var report = BenchReport()
        let ratingSplit = try loadSplit(&report)
        if let exportSplit {
            let folder = URL(fileURLWithPath: exportSplit, isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try RatingCSV.write(ratingSplit.train, to: folder.appendingPathComponent("train.csv"))
            try RatingCSV.write(ratingSplit.test, to: folder.appendingPathComponent("test.csv"))
        }
        let all = ratingSplit.train + ratingSplit.test
        let users = IDIndex(distinct: all.map(\.user)), items = IDIndex(distinct: all.map(\.item))
        let trainTable = try RatingTable(ratingSplit.train, users: users, items: items)
        let testTable = try RatingTable(ratingSplit.test, users: users, items: items)
        report.figure("train_ratings", trainTable.count)
        report.figure("test_ratings", testTable.count)
        report.figure("method", centralMethod.rawValue)

        var model: BiasedMF?
        let fitSeconds: Double
        switch centralMethod {
        case .sgd:
            let defaults = SGDTrainer.Configuration()
            let trainer = SGDTrainer(.init(factors: factors ?? defaults.factors, epochs: epochs ?? defaults.epochs,
                                           regularization: regularization ?? defaults.regularization, seed: seed))
            report.figure("factors", trainer.configuration.factors)
            report.figure("epochs", trainer.configuration.epochs)
            fitSeconds = try Timing.best(of: repetitions) { model = try trainer.fit(trainTable) }
        case .als:
            let defaults = ALSTrainer.Configuration()
            let trainer = ALSTrainer(.init(factors: factors ?? defaults.factors, iterations: epochs ?? defaults.iterations,
                                           regularization: regularization ?? defaults.regularization, seed: seed))
            report.figure("factors", trainer.configuration.factors)
            report.figure("epochs", trainer.configuration.iterations)
            fitSeconds = try Timing.best(of: repetitions) { model = try trainer.fit(trainTable) }
        }
        let central = try RatingMetrics(model: model!, test: testTable)
        report.figure("fit_s", fitSeconds, digits: 4)
        report.figure("rmse", central.rmse, digits: 4)
        report.figure("mae", central.mae, digits: 4)
        let meanOnly = testTable.values.reduce(0) { $0 + pow($1 - trainTable.mean, 2) }
        let meanRMSE = (meanOnly / Double(max(testTable.count, 1))).squareRoot()
        report.figure("global_mean_rmse", meanRMSE, digits: 4)
        report.check(central.rmse < meanRMSE, "centralized RMSE beats predicting the global mean")

        let recommender = try Recommender(model: model!, training: trainTable)
        let ranking = try RankingMetrics(recommender: recommender, test: testTable, k: 10)
        report.figure("precision_at_10", ranking.precision, digits: 4)
        report.figure("recall_at_10", ranking.recall, digits: 4)
        report.figure("ndcg_at_10", ranking.ndcg, digits: 4)
        let byUser = trainTable.grouped(byUser: true)
        let excluded = try (0..<min(50, users.count)).allSatisfy { user in
            let rated = Set(byUser.entries(of: user).map(\.index))
            return try recommender.recommend(user: user, count: 10).allSatisfy { !rated.contains($0) }
        }
        report.check(excluded, "recommendations never repeat a rated item")

        var simulation = FederatedMFSimulation(seed: seed)
        if let federatedRounds { simulation.rounds = federatedRounds }
        if let federatedFactors { simulation.factors = federatedFactors }
        if let federatedRegularization { simulation.regularization = federatedRegularization }
        var outcome: FederatedMFSimulation.Outcome?
        let federatedSeconds = try Timing.seconds {
            outcome = try simulation.run(training: LocalRatings.perUser(trainTable), test: LocalRatings.perUser(testTable),
                                         items: items.count)
        }
        let federated = outcome!.test!
        report.figure("federated_devices", users.count)
        report.figure("federated_factors", simulation.factors)
        report.figure("federated_rounds", outcome!.rounds)
        report.figure("federated_fit_s", federatedSeconds, digits: 4)
        report.figure("federated_rmse", federated.rmse, digits: 4)
        report.figure("federated_mae", federated.mae, digits: 4)
        report.figure("federated_rmse_ratio", federated.rmse / central.rmse, digits: 4)
        report.check(federated.count == testTable.count, "federated evaluation covers every test rating")
        report.check(federated.rmse <= central.rmse * 1.02, "federated RMSE within 2% of centralized")
        throw report.finish()
    }

    func loadSplit(_ report: inout BenchReport) throws -> RatingSplit {
        if let train, let test {
            report.figure("dataset", "external")
            return RatingSplit(train: try RatingCSV.read(URL(fileURLWithPath: train)),
                               test: try RatingCSV.read(URL(fileURLWithPath: test)))
        }
        report.figure("dataset", dataset.rawValue)
        report.figure("split", split.rawValue)
        let directory = data.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? MovieLens.defaultDirectory
        let ratings = try MovieLensLoader(directory: directory).loadRatings()
        switch split {
        case .random: return try RatingSplit.random(ratings, testFraction: 0.2, seed: seed)
        case .perUser: return try RatingSplit.perUser(ratings, testFraction: 0.2, seed: seed)
        }
    }
}
