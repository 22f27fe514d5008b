/// Trains `BiasedMF` by alternating least squares: every user's factors and bias solved
/// exactly with items fixed, then every item's with users fixed (weighted-λ regularization,
/// Zhou et al. 2008), the same objective as `SGDTrainer`.
public struct ALSTrainer: Sendable {
    /// Settings. Factors and λ were chosen on a validation split carved out of the
    /// MovieLens-100K training part (see docs/ml.md).
    public struct Configuration: Sendable {
        /// Latent factors. Default 5.
        public var factors: Int = 5
        /// Alternations (one user pass and one item pass each). Default 15.
        public var iterations: Int = 15
        /// L2 regularization λ (per rating). Default 0.1.
        public var regularization: Double = 0.1
        /// Standard deviation of the initial factors. Default 0.1.
        public var initialDeviation: Double = 0.1
        /// Seed for the initial factors.
        public var seed: UInt64 = 0

        /// The defaults, with any of them overridden.
        public init(factors: Int = 5, iterations: Int = 15, regularization: Double = 0.1,
                    initialDeviation: Double = 0.1, seed: UInt64 = 0) {
            self.factors = factors
            self.iterations = iterations
            self.regularization = regularization
            self.initialDeviation = initialDeviation
            self.seed = seed
        }
    }

    /// The settings.
    public let configuration: Configuration

    /// A trainer with the given settings.
    public init(_ configuration: Configuration = Configuration()) { self.configuration = configuration }

    /// Fits a model to `ratings`.
    public func fit(_ ratings: RatingTable, ratingRange: ClosedRange<Double> = 1...5) throws -> BiasedMF {
        let config = configuration
        guard config.factors >= 1, config.iterations >= 1, config.regularization > 0 else {
            throw MLError.invalid("ALS needs factors ≥ 1, iterations ≥ 1 and λ > 0")
        }
        guard ratings.count > 0 else { throw MLError.invalid("cannot train on no ratings") }
        var model = BiasedMF(users: ratings.users.count, items: ratings.items.count, factors: config.factors,
                             globalMean: ratings.mean, ratingRange: ratingRange,
                             initialDeviation: config.initialDeviation, seed: config.seed)
        let byUser = ratings.grouped(byUser: true), byItem = ratings.grouped(byUser: false)
        var solver = FactorSolver(factors: config.factors)
        for _ in 0..<config.iterations {
            Self.solveSide(byUser, own: &model.userFactors, ownBias: &model.userBias, other: model.itemFactors,
                           otherBias: model.itemBias, mu: model.globalMean, lambda: config.regularization, solver: &solver)
            Self.solveSide(byItem, own: &model.itemFactors, ownBias: &model.itemBias, other: model.userFactors,
                           otherBias: model.userBias, mu: model.globalMean, lambda: config.regularization, solver: &solver)
        }
        return model
    }

    private static func solveSide(
        _ groups: GroupedRatings, own: inout Matrix, ownBias: inout [Double], other: Matrix, otherBias: [Double],
        mu: Double, lambda: Double, solver: inout FactorSolver
    ) {
        let f = own.columns
        groups.others.withUnsafeBufferPointer { indices in
            groups.values.withUnsafeBufferPointer { values in
                other.storage.withUnsafeBufferPointer { q in
                    otherBias.withUnsafeBufferPointer { bias in
                        own.storage.withUnsafeMutableBufferPointer { p in
                            for g in 0..<groups.groupCount {
                                let range = groups.offsets[g]..<groups.offsets[g + 1]
                                ownBias[g] = solver.solve(
                                    indices: UnsafeBufferPointer(rebasing: indices[range]),
                                    values: UnsafeBufferPointer(rebasing: values[range]),
                                    otherFactors: q.baseAddress!, factorStride: f,
                                    otherBias: bias.baseAddress!, biasStride: 1,
                                    globalMean: mu, lambda: lambda, out: p.baseAddress! + g * f
                                )
                            }
                        }
                    }
                }
            }
        }
    }
}
