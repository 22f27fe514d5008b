import ArgumentParser
import ConfideAggregation
import ConfideML
import Foundation

/// Settings of private ALS in `confide-bench mf --method als` (defaults: `PrivateALS`'s).
struct PrivateALSOptions: ParsableArguments {
    @Option(help: "ALS rounds T after the mean round (default 3).")
    var alsRounds = 3
    @Option(help: "Ratings a device contributes at most, m (default: PrivateALS's).")
    var ratingCap: Int?
    @Option(help: "Bound on ‖u‖ in a contribution (default: PrivateALS's).")
    var factorCap: Double?
    @Option(help: "Bound on |r − μ − b_u| in a contribution (default: PrivateALS's).")
    var residualCap: Double?
    @Option(help: "Weight of the Gram part against the right-hand side (default: PrivateALS's).")
    var gramWeight: Double?
    @Option(help: "Coordinator's ridge per rating of an item (default: PrivateALS's).")
    var itemRegularization: Double?
    @Option(help: "Multiple of the Gram noise's spectral norm added to each item's ridge (default: PrivateALS's).")
    var noiseShift: Double?
    @Option(help: "Prior standard deviation of an item's parameters; the ridge gains (noise/τ)² (default: PrivateALS's).")
    var priorDeviation: Double?
    @Option(help: "The same for an item's bias (default: PrivateALS's).")
    var biasPriorDeviation: Double?
    @Option(help: "Clip norm of a device's whole contribution (default: PrivateALS's).")
    var contributionClip: Double?
    @Flag(help: "Solve each ALS round from its own sum only, not the mean of all rounds' sums so far.")
    var lastRoundOnly = false
    @Flag(help: "Run a mean round first instead of starting from the middle of the rating range.")
    var meanRound = false
    @Option(help: "Weight all ratings of a device above the cap by √(m/n) instead of a random subset of m (default: PrivateALS's).")
    var downweight: Bool?
    @Option(help: "Standard deviation of the initial item factors (default 0.1).")
    var initialDeviation = 0.1

    /// The method for `items` items, `factors` factors (nil: default) and user λ (nil: default).
    func method(items: Int, factors: Int?, userRegularization: Double?) throws -> PrivateALS {
        let d = try PrivateALS(items: items)
        return try PrivateALS(items: items, factors: factors ?? d.factors, ratingCap: ratingCap ?? d.ratingCap,
                              factorNormCap: factorCap ?? d.factorNormCap, residualCap: residualCap ?? d.residualCap,
                              gramWeight: gramWeight ?? d.gramWeight, userRegularization: userRegularization ?? d.userRegularization,
                              itemRegularization: itemRegularization ?? d.itemRegularization, noiseShift: noiseShift ?? d.noiseShift,
                              priorDeviation: priorDeviation ?? d.priorDeviation,
                              biasPriorDeviation: biasPriorDeviation ?? d.biasPriorDeviation, downweight: downweight ?? d.downweight,
                              contributionClip: contributionClip ?? d.contributionClip)
    }
}

extension MFBench {
    /// Gradient rounds of the private gradient method when not given: the demo's 25.
    static let privateGradientRounds = 25

    /// The federated method under the Gaussian mechanism, as the coordinator's MF job runs it
    /// (mean round, training rounds, evaluation round, all at q = 1 and one σ from ε), on the
    /// per-user split the devices make, against centralized SGD on the same split.
    func runPrivate() throws {
        var report = BenchReport()
        let split = try devicesSplit(&report)
        let all = split.train + split.test
        let users = IDIndex(distinct: all.map(\.user)), items = IDIndex(distinct: all.map(\.item))
        let trainTable = try RatingTable(split.train, users: users, items: items)
        let testTable = try RatingTable(split.test, users: users, items: items)
        let training = LocalRatings.perUser(trainTable), test = LocalRatings.perUser(testTable)
        report.figure("method", method.rawValue)
        report.figure("devices", users.count)
        report.figure("train_ratings", trainTable.count)
        report.figure("test_ratings", testTable.count)

        let trainingRounds = method == .als ? als.alsRounds : federatedRounds ?? Self.privateGradientRounds
        // Mean round, training rounds and the evaluation round are all noised and charged.
        let rounds = trainingRounds + (method == .als && !als.meanRound ? 1 : 2)
        let sigma = try epsilon.map {
            try PLDAccountant.noiseMultiplier(targetEpsilon: $0, delta: 1e-5, samplingRate: 1, steps: rounds)
        } ?? 0
        report.figure("epsilon", epsilon ?? .infinity, digits: 3)
        report.figure("delta", 1e-5, digits: 6)
        report.figure("rounds", rounds)
        report.figure("sigma", sigma, digits: 4)

        var rmses: [Double] = [], maes: [Double] = []
        var seconds = 0.0
        for run in 0..<runs {
            let runSeed = seed &+ UInt64(run)
            var metrics: RatingMetrics?
            seconds += try Timing.seconds {
                switch method {
                case .als:
                    let privateALS = try als.method(items: items.count, factors: federatedFactors, userRegularization: federatedRegularization)
                    if run == 0 {
                        report.figure("factors", privateALS.factors)
                        report.figure("rating_cap", privateALS.ratingCap)
                        report.figure("factor_cap", privateALS.factorNormCap, digits: 3)
                        report.figure("residual_cap", privateALS.residualCap, digits: 3)
                        report.figure("gram_weight", privateALS.gramWeight, digits: 3)
                        report.figure("user_regularization", privateALS.userRegularization, digits: 3)
                        report.figure("item_regularization", privateALS.itemRegularization, digits: 3)
                        report.figure("noise_shift", privateALS.noiseShift, digits: 3)
                        report.figure("prior_deviation", privateALS.priorDeviation, digits: 3)
                        report.figure("bias_prior_deviation", privateALS.biasPriorDeviation, digits: 3)
                        report.figure("average_rounds", String(!als.lastRoundOnly))
                        report.figure("mean_round", String(als.meanRound))
                        report.figure("contribution_clip", privateALS.contributionClip, digits: 3)
                        report.figure("downweight", String(privateALS.downweight))
                        report.figure("sensitivity", privateALS.sensitivity, digits: 3)
                    }
                    var simulation = PrivateALSSimulation(method: privateALS, rounds: als.alsRounds, noiseMultiplier: sigma,
                                                          initialDeviation: als.initialDeviation, seed: runSeed)
                    simulation.averageRounds = !als.lastRoundOnly
                    simulation.meanRound = als.meanRound
                    metrics = try simulation.run(training: training, test: test, items: items.count).test
                case .gradient:
                    var simulation = FederatedMFSimulation(seed: runSeed)
                    simulation.rounds = trainingRounds
                    if let federatedFactors { simulation.factors = federatedFactors }
                    if let federatedRegularization { simulation.regularization = federatedRegularization }
                    simulation.noiseMultiplier = sigma
                    if run == 0 {
                        report.figure("factors", simulation.factors)
                        report.figure("sensitivity", simulation.gradientSensitivity, digits: 3)
                    }
                    metrics = try simulation.run(training: training, test: test, items: items.count).test
                }
            }
            rmses.append(metrics!.rmse)
            maes.append(metrics!.mae)
        }
        report.figure("runs", runs)
        report.figure("rmse_seeds", rmses.map { String(format: "%.4f", $0) }.joined(separator: " "))
        report.figure("rmse", median(rmses), digits: 4)
        report.figure("mae", median(maes), digits: 4)
        report.figure("fit_s_per_run", seconds / Double(runs), digits: 2)

        let central = try SGDTrainer(SGDTrainer.Configuration(seed: seed)).fit(trainTable)
        let centralMetrics = try RatingMetrics(model: central, test: testTable)
        report.figure("rmse_centralized", centralMetrics.rmse, digits: 4)
        report.figure("rmse_ratio", median(rmses) / centralMetrics.rmse, digits: 4)
        let meanOnly = testTable.values.reduce(0) { $0 + pow($1 - trainTable.mean, 2) }
        report.figure("global_mean_rmse", (meanOnly / Double(max(testTable.count, 1))).squareRoot(), digits: 4)
        report.check(rmses.allSatisfy(\.isFinite), "private RMSE is finite")
        throw report.finish()
    }

    /// MovieLens-100K split per user as `DeviceDataBuilder` splits on each device (ratings in
    /// item order, seeded by the user's id), or the external split.
    private func devicesSplit(_ report: inout BenchReport) throws -> RatingSplit {
        if train != nil { return try loadSplit(&report) }
        report.figure("dataset", dataset.rawValue)
        report.figure("split", "per-user (devices), seed \(splitSeed)")
        let directory = data.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? MovieLens.defaultDirectory
        let ratings = try MovieLensLoader(directory: directory).loadRatings().sorted { ($0.user, $0.item) < ($1.user, $1.item) }
        return try RatingSplit.perUser(ratings, testFraction: 0.2, seed: splitSeed)
    }

    private func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
