/// Federated matrix factorization in the style of Federated Collaborative Filtering
/// (Ammad-ud-din et al. 2019): item factors and biases live on the coordinator, each user's
/// factors and bias only on their device.
///
/// Parameter and gradient layout, `dimension = items · (factors + 1)` doubles: item `i`
/// occupies `i·(F+1) ..< (i+1)·(F+1)`, its F factors first, then its bias. The device's
/// gradient is dense (every item, zeros for unrated ones) so its shape reveals nothing about
/// which items the user rated; it is the gradient of ½ Σ (r − r̂)² + ½ λ Σ (‖q_i‖² + b_i²)
/// over the device's ratings, i.e. the SGD objective's item part.
public struct FederatedMF: Sendable {
    /// Items in the shared catalog.
    public let items: Int
    /// Latent factors F.
    public let factors: Int
    /// L2 regularization λ (per rating), as in `SGDTrainer` and `ALSTrainer`.
    public let regularization: Double
    /// Predictions are clipped to this range in evaluation.
    public let ratingRange: ClosedRange<Double>

    /// The layout for `items` items with `factors` factors.
    public init(items: Int, factors: Int, regularization: Double = 0.1, ratingRange: ClosedRange<Double> = 1...5) throws {
        guard items >= 1, factors >= 1, regularization > 0 else {
            throw MLError.invalid("federated MF needs items ≥ 1, factors ≥ 1 and λ > 0")
        }
        self.items = items
        self.factors = factors
        self.regularization = regularization
        self.ratingRange = ratingRange
    }

    /// Length of the parameter and gradient vectors: items · (factors + 1).
    public var dimension: Int { items * (factors + 1) }
    /// Offset of item `i`'s factors; its bias is at `offset(i) + factors`.
    public func offset(_ item: Int) -> Int { item * (factors + 1) }

    /// The coordinator's shared model: the global mean and the item parameters.
    public struct ItemModel: Sendable, Equatable {
        /// Global mean rating μ (from aggregated `[Σr, n]`).
        public var globalMean: Double
        /// Item factors and biases in the `FederatedMF` layout.
        public var parameters: [Double]

        /// A model from its parts (for example as received from the coordinator).
        public init(globalMean: Double, parameters: [Double]) {
            self.globalMean = globalMean
            self.parameters = parameters
        }
    }

    /// A fresh model: zero biases, factors drawn from N(0, deviation²), seeded.
    public func initialModel(globalMean: Double, deviation: Double = 0.1, seed: UInt64 = 0) -> ItemModel {
        var generator = SeededGenerator(seed: seed)
        var parameters = [Double](repeating: 0, count: dimension)
        for i in 0..<items {
            for c in 0..<factors { parameters[offset(i) + c] = deviation * generator.nextGaussian() }
        }
        return ItemModel(globalMean: globalMean, parameters: parameters)
    }

    /// A device's contribution to the global mean: `[Σ ratings, count]` (2 values).
    public static func meanContribution(_ ratings: LocalRatings) -> [Double] {
        [ratings.values.reduce(0, +), Double(ratings.count)]
    }

    /// The device's own factors and bias, solved exactly against the shared model; they never
    /// leave the device.
    public struct UserState: Sendable, Equatable {
        /// User factors p_u.
        public var factors: [Double]
        /// User bias b_u.
        public var bias: Double
    }

    /// Solves the device's user factors and bias against `model`.
    public func solveUser(model: ItemModel, ratings: LocalRatings) throws -> UserState {
        try check(model)
        var solver = FactorSolver(factors: factors)
        return solveUser(model: model, ratings: ratings, solver: &solver)
    }

    func solveUser(model: ItemModel, ratings: LocalRatings, solver: inout FactorSolver) -> UserState {
        let f = factors
        var userFactors = [Double](repeating: 0, count: f)
        var bias = 0.0
        ratings.items.withUnsafeBufferPointer { items in
            ratings.values.withUnsafeBufferPointer { values in
                model.parameters.withUnsafeBufferPointer { q in
                    userFactors.withUnsafeMutableBufferPointer { out in
                        bias = solver.solve(
                            indices: items, values: values,
                            otherFactors: q.baseAddress!, factorStride: f + 1,
                            otherBias: q.baseAddress! + f, biasStride: f + 1,
                            globalMean: model.globalMean, lambda: regularization, out: out.baseAddress!
                        )
                    }
                }
            }
        }
        return UserState(factors: userFactors, bias: bias)
    }

    func check(_ model: ItemModel) throws {
        guard model.parameters.count == dimension else {
            throw MLError.dimension("item model has \(model.parameters.count) parameters, the layout expects \(dimension)")
        }
    }
}
