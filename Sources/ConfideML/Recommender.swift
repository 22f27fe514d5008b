/// Top-N recommendation from a `BiasedMF`: the highest-scoring items the user has not rated,
/// or, for users with too few ratings to trust their factors, the most popular unrated items.
public struct Recommender: Sendable {
    /// The model scores come from.
    public let model: BiasedMF
    /// Users with fewer training ratings than this get popularity recommendations. Default 5.
    public let minimumRatings: Int
    private let rated: [Set<Int32>]
    private let popularity: [Int]

    /// A recommender over `model`, excluding each user's `training` ratings.
    public init(model: BiasedMF, training: RatingTable, minimumRatings: Int = 5) throws {
        guard training.users.count == model.users, training.items.count == model.items else {
            throw MLError.dimension("training set and model disagree on the number of users or items")
        }
        var rated = [Set<Int32>](repeating: [], count: model.users)
        var counts = [Int](repeating: 0, count: model.items)
        for index in 0..<training.count {
            rated[Int(training.userIndices[index])].insert(training.itemIndices[index])
            counts[Int(training.itemIndices[index])] += 1
        }
        self.model = model
        self.minimumRatings = minimumRatings
        self.rated = rated
        // Most rated first; ties by index so the order is deterministic.
        self.popularity = counts.indices.sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
    }

    /// Whether `user` gets the popularity fallback.
    public func usesFallback(user: Int) -> Bool { rated[user].count < minimumRatings }

    /// Up to `count` dense item indices for `user`, best first, never an item they rated.
    public func recommend(user: Int, count: Int) throws -> [Int] {
        guard user >= 0, user < model.users else { throw MLError.invalid("unknown user index \(user)") }
        guard count >= 1 else { throw MLError.invalid("count must be at least 1, got \(count)") }
        let seen = rated[user]
        if usesFallback(user: user) {
            return Array(popularity.lazy.filter { !seen.contains(Int32($0)) }.prefix(count))
        }
        var scored: [(item: Int, score: Double)] = []
        scored.reserveCapacity(model.items)
        for item in 0..<model.items where !seen.contains(Int32(item)) {
            scored.append((item, model.score(user: user, item: item)))
        }
        // Partial selection would be faster, but a full sort of ~1,700 items is microseconds.
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.item < $1.item }
        return scored.prefix(count).map(\.item)
    }
}
