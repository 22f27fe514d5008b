/// A train/test split of ratings.
public struct RatingSplit: Sendable {
    /// Ratings to learn from.
    public var train: [Rating]
    /// Held-out ratings to evaluate on.
    public var test: [Rating]

    /// Creates a split from its two parts.
    public init(train: [Rating], test: [Rating]) {
        self.train = train
        self.test = test
    }

    /// A random split over all ratings: each rating lands in test with probability
    /// `testFraction` exactly in count (`round(n · testFraction)` ratings), seeded.
    public static func random(_ ratings: [Rating], testFraction: Double = 0.2, seed: UInt64) throws -> RatingSplit {
        try checkFraction(testFraction)
        var generator = SeededGenerator(seed: seed)
        var order = Array(ratings.indices)
        order.shuffle(using: &generator)
        let testCount = Int((Double(ratings.count) * testFraction).rounded())
        let testSet = Set(order.prefix(testCount))
        var split = RatingSplit(train: [], test: [])
        for (index, rating) in ratings.enumerated() {
            if testSet.contains(index) { split.test.append(rating) } else { split.train.append(rating) }
        }
        return split
    }

    /// A per-user holdout: for every user, `round(n_u · testFraction)` of their ratings (chosen
    /// at random, seeded) go to test, the rest to train. Users with a single rating keep it
    /// in train. This is the split federated evaluation uses: each device holds out its own.
    public static func perUser(_ ratings: [Rating], testFraction: Double = 0.2, seed: UInt64) throws -> RatingSplit {
        try checkFraction(testFraction)
        var byUser: [Int: [Int]] = [:]
        for (index, rating) in ratings.enumerated() { byUser[rating.user, default: []].append(index) }
        var isTest = [Bool](repeating: false, count: ratings.count)
        for user in byUser.keys.sorted() {
            var positions = byUser[user]!
            // One stream per user keeps a user's holdout independent of everyone else's data.
            var generator = SeededGenerator(seed: seed, stream: UInt64(bitPattern: Int64(user)))
            positions.shuffle(using: &generator)
            let holdout = positions.count < 2 ? 0 : min(positions.count - 1, Int((Double(positions.count) * testFraction).rounded()))
            for position in positions.prefix(holdout) { isTest[position] = true }
        }
        var split = RatingSplit(train: [], test: [])
        for (index, rating) in ratings.enumerated() {
            if isTest[index] { split.test.append(rating) } else { split.train.append(rating) }
        }
        return split
    }

    private static func checkFraction(_ fraction: Double) throws {
        guard fraction > 0, fraction < 1 else {
            throw MLError.invalid("test fraction must be between 0 and 1 (exclusive), got \(fraction)")
        }
    }
}
