@testable import ConfideML
import Testing

@Suite("Matrix factorization: SGD, ALS, metrics, recommendations, federated steps")
struct MatrixFactorizationTests {
    private let split = try! RatingSplit.random(TestData.lowRankRatings(users: 120, items: 80), testFraction: 0.2, seed: 1)

    private func tables() throws -> (RatingTable, RatingTable) {
        let all = split.train + split.test
        let users = IDIndex(distinct: all.map(\.user)), items = IDIndex(distinct: all.map(\.item))
        return (try RatingTable(split.train, users: users, items: items), try RatingTable(split.test, users: users, items: items))
    }

    private func meanRMSE(_ train: RatingTable, _ test: RatingTable) -> Double {
        (test.values.reduce(0) { $0 + ($1 - train.mean) * ($1 - train.mean) } / Double(test.count)).squareRoot()
    }

    @Test func sgdAndALSLearnAPlantedLowRankModel() throws {
        let (train, test) = try tables()
        let baseline = meanRMSE(train, test)
        let sgd = try RatingMetrics(model: SGDTrainer(.init(factors: 5, epochs: 60, learningRate: 0.03, decay: 0.98, regularization: 0.02, seed: 1)).fit(train), test: test)
        let als = try RatingMetrics(model: ALSTrainer(.init(factors: 3, iterations: 10, regularization: 0.05, seed: 1)).fit(train), test: test)
        #expect(sgd.rmse < 0.8 * baseline)
        #expect(als.rmse < 0.8 * baseline)
        #expect(sgd.mae <= sgd.rmse && als.mae <= als.rmse)
    }

    @Test func userSolveZeroesTheUserGradient() throws {
        let (train, _) = try tables()
        let layout = try FederatedMF(items: train.items.count, factors: 3, regularization: 0.1)
        let model = layout.initialModel(globalMean: train.mean, deviation: 0.5, seed: 2)
        // The exact solve (shared by ALS and the device step) leaves no gradient in the
        // user's factors and bias: Σ −e·[q_i; 1] + λ·n·[p; b] = 0.
        for ratings in LocalRatings.perUser(train).prefix(5) {
            let user = try layout.solveUser(model: model, ratings: ratings)
            var gradient = [Double](repeating: 0, count: 4)
            for (item, value) in zip(ratings.items, ratings.values) {
                let base = layout.offset(Int(item))
                var score = model.globalMean + user.bias + model.parameters[base + 3]
                for f in 0..<3 { score += user.factors[f] * model.parameters[base + f] }
                for f in 0..<3 { gradient[f] -= (value - score) * model.parameters[base + f] }
                gradient[3] -= value - score
            }
            let n = Double(ratings.count)
            for f in 0..<3 { gradient[f] += 0.1 * n * user.factors[f] }
            gradient[3] += 0.1 * n * user.bias
            #expect(gradient.allSatisfy { abs($0) < 1e-9 })
        }
    }

    @Test func deviceGradientIsDenseAndMatchesFiniteDifferences() throws {
        let layout = try FederatedMF(items: 6, factors: 2, regularization: 0.1)
        var model = layout.initialModel(globalMean: 3.5, deviation: 0.5, seed: 3)
        let ratings = try LocalRatings(items: [0, 2, 5], values: [4, 2, 5], itemCount: 6)
        let gradient = try layout.deviceGradient(model: model, ratings: ratings)
        #expect(gradient.count == 6 * 3)
        // Unrated items contribute exact zeros, but the vector has every item.
        #expect(gradient[layout.offset(1)..<layout.offset(2)].allSatisfy { $0 == 0 })
        let user = try layout.solveUser(model: model, ratings: ratings)
        func loss(_ parameters: [Double]) -> Double {
            var total = 0.0
            for (item, value) in zip(ratings.items, ratings.values) {
                let base = Int(item) * 3
                let error = value - (3.5 + user.bias + parameters[base + 2] + user.factors[0] * parameters[base] + user.factors[1] * parameters[base + 1])
                total += 0.5 * error * error + 0.05 * (parameters[base] * parameters[base] + parameters[base + 1] * parameters[base + 1] + parameters[base + 2] * parameters[base + 2])
            }
            return total
        }
        for index in [0, 1, 2, 6, 8, 15, 17] {
            var plus = model.parameters, minus = model.parameters
            plus[index] += 1e-6
            minus[index] -= 1e-6
            #expect(abs((loss(plus) - loss(minus)) / 2e-6 - gradient[index]) < 1e-5)
        }
        model.parameters = []
        #expect(throws: MLError.self) { try layout.deviceGradient(model: model, ratings: ratings) }
    }

    @Test func federatedEvaluationSumsGiveTheGlobalRMSE() throws {
        let (train, test) = try tables()
        let layout = try FederatedMF(items: train.items.count, factors: 3)
        let model = layout.initialModel(globalMean: train.mean, seed: 1)
        let trainDevices = LocalRatings.perUser(train), testDevices = LocalRatings.perUser(test)
        var sums = [0.0, 0.0, 0.0]
        var squared = 0.0
        for (user, (own, held)) in zip(trainDevices, testDevices).enumerated() where held.count > 0 {
            let part = try layout.deviceEvaluation(model: model, training: own, test: held)
            #expect(part.count == FederatedMF.evaluationDimension)
            for index in 0..<3 { sums[index] += part[index] }
            // The same predictions computed here from the device's solved user state.
            let state = try layout.solveUser(model: model, ratings: own)
            for (item, value) in zip(held.items, held.values) {
                let base = layout.offset(Int(item))
                var score = model.globalMean + state.bias + model.parameters[base + 3]
                for f in 0..<3 { score += state.factors[f] * model.parameters[base + f] }
                squared += pow2(value - min(5, max(1, score)))
            }
            _ = user
        }
        let metrics = try RatingMetrics(sumOfSquaredErrors: sums[0], sumOfAbsoluteErrors: sums[1], count: sums[2])
        #expect(metrics.count == test.count)
        #expect(abs(metrics.rmse - (squared / Double(test.count)).squareRoot()) < 1e-9)
    }

    @Test func federatedTrainingComesWithinTwoPercentOfCentralized() throws {
        let (train, test) = try tables()
        let central = try RatingMetrics(model: ALSTrainer(.init(factors: 3, iterations: 15, regularization: 0.1, seed: 1)).fit(train), test: test)
        let outcome = try FederatedMFSimulation(factors: 3, regularization: 0.1, rounds: 150, seed: 1)
            .run(training: LocalRatings.perUser(train), test: LocalRatings.perUser(test), items: train.items.count)
        let federated = try #require(outcome.test)
        #expect(federated.rmse <= central.rmse * 1.02)
        #expect(outcome.rounds == 152)
    }

    @Test func optimizersStepAgainstTheGradient() throws {
        var sgd = try ItemOptimizer(.sgd(learningRate: 0.5), dimension: 2)
        var parameters = [1.0, -1.0]
        try sgd.apply([2, -2], to: &parameters)
        #expect(parameters == [0, 0])
        var adam = try ItemOptimizer(.adam(learningRate: 0.1), dimension: 2)
        parameters = [1, 1]
        try adam.apply([10, -0.001], to: &parameters)
        // Adam's first step moves every coordinate by about the learning rate, whatever the scale.
        #expect(abs(parameters[0] - 0.9) < 1e-6 && abs(parameters[1] - 1.1) < 1e-3)
        #expect(throws: MLError.self) { try adam.apply([.nan, 0], to: &parameters) }
        #expect(throws: MLError.self) { try ItemOptimizer(.sgd(learningRate: 0), dimension: 1) }
    }

    @Test func recommendationsSkipRatedItemsAndFallBackToPopularity() throws {
        let ratings = [
            Rating(user: 1, item: 1, value: 5, timestamp: 0), Rating(user: 1, item: 2, value: 4, timestamp: 0),
            Rating(user: 1, item: 3, value: 1, timestamp: 0), Rating(user: 2, item: 1, value: 4, timestamp: 0),
            Rating(user: 2, item: 4, value: 2, timestamp: 0), Rating(user: 3, item: 1, value: 5, timestamp: 0),
            Rating(user: 3, item: 2, value: 3, timestamp: 0), Rating(user: 3, item: 4, value: 4, timestamp: 0),
        ]
        let table = RatingTable(ratings)
        let model = try SGDTrainer(.init(factors: 2, epochs: 5, seed: 1)).fit(table)
        let recommender = try Recommender(model: model, training: table, minimumRatings: 3)
        let forFirst = try recommender.recommend(user: 0, count: 5)
        #expect(Set(forFirst) == [3])
        // User 2 has two ratings: popularity order (item 1: 3 ratings, then 2 and 4: 2, then 3: 1), minus rated ones.
        #expect(recommender.usesFallback(user: 1))
        #expect(try recommender.recommend(user: 1, count: 2) == [1, 2])
        #expect(throws: MLError.self) { try recommender.recommend(user: 9, count: 1) }
    }

    @Test func rankingMetricsOnAHandExample() throws {
        let train = [Rating(user: 1, item: 1, value: 5, timestamp: 0), Rating(user: 1, item: 2, value: 1, timestamp: 0),
                     Rating(user: 2, item: 1, value: 5, timestamp: 0), Rating(user: 2, item: 3, value: 5, timestamp: 0),
                     Rating(user: 3, item: 3, value: 4, timestamp: 0), Rating(user: 3, item: 4, value: 4, timestamp: 0)]
        let all = RatingTable(train)
        let test = try RatingTable([Rating(user: 1, item: 3, value: 5, timestamp: 0), Rating(user: 1, item: 4, value: 2, timestamp: 0)],
                                   users: all.users, items: all.items)
        // Popularity fallback for everyone (minimum 10): user 1's unrated items ranked 3 (2 ratings), then 4.
        let recommender = try Recommender(model: SGDTrainer(.init(factors: 1, epochs: 1)).fit(all), training: all, minimumRatings: 10)
        let metrics = try RankingMetrics(recommender: recommender, test: test, k: 2)
        #expect(metrics.users == 1)
        #expect(metrics.precision == 0.5)
        #expect(metrics.recall == 1)
        #expect(abs(metrics.ndcg - 1) < 1e-12)
    }

    @Test(.enabled(if: TestData.movieLensPresent, TestData.movieLensMissing))
    func movieLensALSAndFederatedMeetTheirTargets() throws {
        let data = try #require(TestData.movieLens)
        let split = try RatingSplit.random(data.ratings, testFraction: 0.2, seed: 42)
        let train = try RatingTable(split.train, users: data.userIndex, items: data.itemIndex)
        let test = try RatingTable(split.test, users: data.userIndex, items: data.itemIndex)
        let central = try RatingMetrics(model: ALSTrainer().fit(train), test: test)
        #expect(central.rmse <= 0.925)
        let outcome = try FederatedMFSimulation(rounds: 60)
            .run(training: LocalRatings.perUser(train), test: LocalRatings.perUser(test), items: data.items.count)
        #expect(try #require(outcome.test).rmse <= central.rmse * 1.02)
    }
}

private func pow2(_ x: Double) -> Double { x * x }
