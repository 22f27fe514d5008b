import ConfideClient
import ConfideML
import Foundation

/// Ranking quality of every personalization source on the devices' own held-out ratings
/// (the per-user 80/20 split `run` gives each device), for every user and for a cold-start
/// view of every user (a few of their training ratings only).
///
/// Every source ranks the items the user did not rate in training; a held-out item rated 4
/// or more is relevant. Federated sources rank as a device does (`PersonalRecommender`: the
/// user's factors solved on the device against the published item factors); the centralized
/// model ranks with its own trained user factors, or, in the cold view, with the same
/// on-device solve against its item factors.
struct PersonalizationEvaluation {
    /// One user as their device holds them.
    struct User {
        var training: LocalRatings
        var test: LocalRatings
        var features: [Double]
        var cold: LocalRatings
        var coldFeatures: [Double]
        /// The validation split: the training ratings less a held-out fifth of them, the fifth,
        /// and the cold view of the rest. Settings are chosen on it, never on `test`.
        var fitting: LocalRatings
        var validation: LocalRatings
        var coldFitting: LocalRatings
        var coldFittingFeatures: [Double]
    }

    /// Which ratings a source learns the user from and which it is judged on.
    enum View {
        /// Training ratings; judged on the held-out test ratings.
        case test
        /// A few training ratings; judged on the test ratings.
        case coldTest
        /// Training ratings less the validation fifth; judged on that fifth.
        case validation
        /// A few of those; judged on the validation fifth.
        case coldValidation

        var isCold: Bool { self == .coldTest || self == .coldValidation }
        var isValidation: Bool { self == .validation || self == .coldValidation }
    }

    let users: [User]
    let items: Int

    /// Every MovieLens user, split and featurized exactly as their simulated device does
    /// (timestamps truncated to the day, as the policy stores them), with a cold view of
    /// `coldRatings` training ratings drawn with `seed`.
    init(_ data: MovieLens, seed: UInt64, coldRatings: Int) throws {
        let catalog = data.itemIndex, genres = data.genreMasks, reference = data.latestTimestamp
        var byUser: [Int: [Rating]] = [:]
        for rating in data.ratings {
            var day = rating
            day.timestamp -= rating.timestamp % 86_400
            day.value = rating.value.rounded()
            byUser[rating.user, default: []].append(day)
        }
        users = try data.users.compactMap { person -> User? in
            guard let ratings = byUser[person.id]?.sorted(by: { ($0.item, $0.timestamp) < ($1.item, $1.timestamp) }) else { return nil }
            let split = try RatingSplit.perUser(ratings, seed: seed)
            var random = SeededGenerator(seed: seed, stream: 0xC01D_0000 + UInt64(person.id))
            let cold = Array(split.train.shuffled(using: &random).prefix(coldRatings))
            let inner = try RatingSplit.perUser(split.train.sorted { ($0.item, $0.timestamp) < ($1.item, $1.timestamp) },
                                                seed: seed ^ 0x7A11_DA7E)
            let coldInner = Array(inner.train.shuffled(using: &random).prefix(coldRatings))
            return User(training: try LocalRatings(split.train, catalog: catalog), test: try LocalRatings(split.test, catalog: catalog),
                        features: try MovieLensUserFeatures.features(of: ratings, genres: genres, referenceTime: reference),
                        cold: try LocalRatings(cold, catalog: catalog),
                        coldFeatures: try MovieLensUserFeatures.features(of: cold, genres: genres, referenceTime: reference),
                        fitting: try LocalRatings(inner.train, catalog: catalog), validation: try LocalRatings(inner.test, catalog: catalog),
                        coldFitting: try LocalRatings(coldInner, catalog: catalog),
                        coldFittingFeatures: try MovieLensUserFeatures.features(of: coldInner, genres: genres, referenceTime: reference))
        }
        items = catalog.count
    }

    /// Relevant held-out items of each user: rated 4 or more in the test ratings, or in the
    /// validation fifth for the validation views.
    func relevant(_ view: View) -> [Set<Int>] {
        users.map { user in
            let held = view.isValidation ? user.validation : user.test
            return Set(zip(held.items, held.values).filter { $0.1 >= 4 }.map { Int($0.0) })
        }
    }

    /// The ratings a device holds in `view`.
    func known(_ user: User, _ view: View) -> LocalRatings {
        switch view {
        case .test: user.training
        case .coldTest: user.cold
        case .validation: user.fitting
        case .coldValidation: user.coldFitting
        }
    }

    /// The features a device places itself with in `view`.
    func features(_ user: User, _ view: View) -> [Double] {
        switch view {
        case .test, .validation: user.features
        case .coldTest: user.coldFeatures
        case .coldValidation: user.coldFittingFeatures
        }
    }

    /// Top-`k` lists from a device-side recommender; `segment` places each user's features
    /// (or `nil`). Never ranked: items of the user's training ratings in the test views, and of
    /// the test ratings in the validation views (the same problem one step earlier).
    func rankings(_ recommender: PersonalRecommender, view: View, k: Int = 10,
                  segment: (([Double]) throws -> Int?)? = nil) throws -> [[Int]] {
        try users.map { user in
            let unranked = view.isValidation ? user.test : user.training
            return try recommender.recommend(ratings: known(user, view), segment: segment?(features(user, view)), count: k,
                                             excluding: Set(unranked.items.map(Int.init))).map(\.item)
        }
    }

    /// A centralized SGD model (the project's default settings) on every user's training ratings.
    func centralized(seed: UInt64) throws -> BiasedMF {
        var ratings: [Rating] = []
        for (index, user) in users.enumerated() {
            ratings += zip(user.training.items, user.training.values).map { Rating(user: index, item: Int($0), value: $1, timestamp: 0) }
        }
        return try SGDTrainer(SGDTrainer.Configuration(seed: seed)).fit(
            try RatingTable(ratings, users: IDIndex(distinct: 0..<users.count), items: IDIndex(distinct: 0..<items)))
    }

    /// Top-`k` lists from the centralized model's own user factors.
    func rankings(_ model: BiasedMF, k: Int = 10) -> [[Int]] {
        users.indices.map { index in
            let seen = Set(users[index].training.items.map(Int.init))
            var scored: [(item: Int, score: Double)] = []
            for item in 0..<items where !seen.contains(item) { scored.append((item, model.score(user: index, item: item))) }
            scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.item < $1.item }
            return scored.prefix(k).map(\.item)
        }
    }

    /// The centralized model's items in the federated layout, for the on-device solve.
    static func itemModel(_ model: BiasedMF, regularization: Double) throws -> (layout: FederatedMF, items: FederatedMF.ItemModel) {
        let layout = try FederatedMF(items: model.items, factors: model.factors, regularization: regularization)
        var parameters = [Double](repeating: 0, count: layout.dimension)
        for item in 0..<model.items {
            for c in 0..<model.factors { parameters[layout.offset(item) + c] = model.itemFactors[item, c] }
            parameters[layout.offset(item) + model.factors] = model.itemBias[item]
        }
        return (layout, FederatedMF.ItemModel(globalMean: model.globalMean, parameters: parameters))
    }
}
