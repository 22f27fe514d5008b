/// A biased matrix-factorization model: r̂(u, i) = μ + b_u + b_i + p_u · q_i, clipped to the
/// rating scale.
public struct BiasedMF: Sendable {
    /// Global mean rating μ.
    public var globalMean: Double
    /// User biases b_u, by dense user index.
    public var userBias: [Double]
    /// Item biases b_i, by dense item index.
    public var itemBias: [Double]
    /// User factors p_u, one row per user.
    public var userFactors: Matrix
    /// Item factors q_i, one row per item.
    public var itemFactors: Matrix
    /// Predictions are clipped to this range (MovieLens: 1...5).
    public var ratingRange: ClosedRange<Double>

    /// A model with zero biases and factors drawn from N(0, initialDeviation²), seeded.
    public init(users: Int, items: Int, factors: Int, globalMean: Double,
                ratingRange: ClosedRange<Double> = 1...5, initialDeviation: Double = 0.1, seed: UInt64 = 0) {
        var generator = SeededGenerator(seed: seed)
        self.globalMean = globalMean
        self.userBias = [Double](repeating: 0, count: users)
        self.itemBias = [Double](repeating: 0, count: items)
        self.userFactors = Matrix(rows: users, columns: factors)
        self.itemFactors = Matrix(rows: items, columns: factors)
        self.ratingRange = ratingRange
        for index in userFactors.storage.indices { userFactors.storage[index] = initialDeviation * generator.nextGaussian() }
        for index in itemFactors.storage.indices { itemFactors.storage[index] = initialDeviation * generator.nextGaussian() }
    }

    /// Number of latent factors.
    public var factors: Int { userFactors.columns }
    /// Number of users.
    public var users: Int { userBias.count }
    /// Number of items.
    public var items: Int { itemBias.count }

    /// The unclipped score μ + b_u + b_i + p_u · q_i (dense indices).
    public func score(user: Int, item: Int) -> Double {
        let f = factors
        let dot = userFactors.storage.withUnsafeBufferPointer { p in
            itemFactors.storage.withUnsafeBufferPointer { q in
                VectorMath.dot(p.baseAddress! + user * f, q.baseAddress! + item * f, f)
            }
        }
        return globalMean + userBias[user] + itemBias[item] + dot
    }

    /// The predicted rating, clipped to `ratingRange` (dense indices).
    public func predict(user: Int, item: Int) -> Double {
        min(max(score(user: user, item: item), ratingRange.lowerBound), ratingRange.upperBound)
    }
}
