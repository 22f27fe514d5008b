/// Trains `BiasedMF` by stochastic gradient descent over ratings in a fresh random order each
/// epoch (Funk's method as in Koren, Bell and Volinsky 2009, and Surprise's `SVD`).
///
/// It minimizes Σ (r − r̂)² + λ(b_u² + b_i² + ‖p_u‖² + ‖q_i‖²) over the training ratings, the
/// same objective `ALSTrainer` and the federated step use.
public struct SGDTrainer: Sendable {
    /// Settings. Factors and λ were chosen on a validation split carved out of the
    /// MovieLens-100K training part (see docs/ml.md), never on its test part.
    public struct Configuration: Sendable {
        /// Latent factors. Default 100.
        public var factors: Int = 100
        /// Passes over the training ratings. Default 40.
        public var epochs: Int = 40
        /// Initial learning rate. Default 0.01.
        public var learningRate: Double = 0.01
        /// Multiplied into the learning rate after every epoch. Default 0.96.
        public var decay: Double = 0.96
        /// L2 regularization λ. Default 0.1.
        public var regularization: Double = 0.1
        /// Standard deviation of the initial factors. Default 0.1.
        public var initialDeviation: Double = 0.1
        /// Seed for initialization and ordering.
        public var seed: UInt64 = 0

        /// The defaults, with any of them overridden.
        public init(factors: Int = 100, epochs: Int = 40, learningRate: Double = 0.01, decay: Double = 0.96,
                    regularization: Double = 0.1, initialDeviation: Double = 0.1, seed: UInt64 = 0) {
            self.factors = factors
            self.epochs = epochs
            self.learningRate = learningRate
            self.decay = decay
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
        guard config.factors >= 1, config.epochs >= 1, config.learningRate > 0, config.regularization >= 0 else {
            throw MLError.invalid("SGD needs factors ≥ 1, epochs ≥ 1, a positive learning rate and λ ≥ 0")
        }
        guard ratings.count > 0 else { throw MLError.invalid("cannot train on no ratings") }
        var model = BiasedMF(users: ratings.users.count, items: ratings.items.count, factors: config.factors,
                             globalMean: ratings.mean, ratingRange: ratingRange,
                             initialDeviation: config.initialDeviation, seed: config.seed)
        var generator = SeededGenerator(seed: config.seed &+ 1)
        var order = Array(0..<Int32(ratings.count))
        var rate = config.learningRate
        let f = config.factors, lambda = config.regularization, mu = model.globalMean
        for _ in 0..<config.epochs {
            order.shuffle(using: &generator)
            order.withUnsafeBufferPointer { order in
                ratings.userIndices.withUnsafeBufferPointer { users in
                    ratings.itemIndices.withUnsafeBufferPointer { items in
                        ratings.values.withUnsafeBufferPointer { values in
                            model.userBias.withUnsafeMutableBufferPointer { bu in
                                model.itemBias.withUnsafeMutableBufferPointer { bi in
                                    model.userFactors.storage.withUnsafeMutableBufferPointer { p in
                                        model.itemFactors.storage.withUnsafeMutableBufferPointer { q in
                                            Self.epoch(order, users, items, values, bu, bi, p.baseAddress!, q.baseAddress!,
                                                       f: f, mu: mu, rate: rate, lambda: lambda)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            rate *= config.decay
        }
        return model
    }

    private static func epoch(
        _ order: UnsafeBufferPointer<Int32>, _ users: UnsafeBufferPointer<Int32>, _ items: UnsafeBufferPointer<Int32>,
        _ values: UnsafeBufferPointer<Double>, _ bu: UnsafeMutableBufferPointer<Double>, _ bi: UnsafeMutableBufferPointer<Double>,
        _ p: UnsafeMutablePointer<Double>, _ q: UnsafeMutablePointer<Double>,
        f: Int, mu: Double, rate: Double, lambda: Double
    ) {
        for position in order {
            let index = Int(position)
            let u = Int(users[index]), i = Int(items[index])
            let pu = p + u * f, qi = q + i * f
            let error = values[index] - (mu + bu[u] + bi[i] + VectorMath.dot(pu, qi, f))
            bu[u] += rate * (error - lambda * bu[u])
            bi[i] += rate * (error - lambda * bi[i])
            for c in 0..<f {
                let pc = pu[c], qc = qi[c]
                pu[c] = pc + rate * (error * qc - lambda * pc)
                qi[c] = qc + rate * (error * pc - lambda * qc)
            }
        }
    }
}
