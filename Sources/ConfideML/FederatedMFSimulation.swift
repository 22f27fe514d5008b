/// Federated MF over in-memory devices with plain sums (no cryptography): the reference run
/// for the secure version and what benchmarks compare with centralized training.
///
/// Rounds: one round for the global mean (`[Σr, n]`), then `rounds` gradient rounds in which
/// every device solves its user factors and sends its dense item gradient, and the
/// coordinator applies the sum with its optimizer. Evaluation rounds return `[SSE, SAE, n]`.
public struct FederatedMFSimulation: Sendable {
    /// Latent factors. Default 5 (chosen with λ and rounds on a validation split, docs/ml.md).
    public var factors: Int = 5
    /// L2 regularization λ. Default 0.1.
    public var regularization: Double = 0.1
    /// Gradient rounds. Default 100.
    public var rounds: Int = 100
    /// The coordinator's update rule. Default Adam with learning rate 0.05.
    public var optimizer: ItemOptimizer.Method = .adam(learningRate: 0.05)
    /// Seed for the initial item factors.
    public var seed: UInt64 = 0

    /// Settings with any default overridden.
    public init(factors: Int = 5, regularization: Double = 0.1, rounds: Int = 100,
                optimizer: ItemOptimizer.Method = .adam(learningRate: 0.05), seed: UInt64 = 0) {
        self.factors = factors
        self.regularization = regularization
        self.rounds = rounds
        self.optimizer = optimizer
        self.seed = seed
    }

    /// The outcome of a simulated federated fit.
    public struct Outcome: Sendable {
        /// The trained shared model.
        public var model: FederatedMF.ItemModel
        /// Test metrics from summed device evaluations (when test data was given).
        public var test: RatingMetrics?
        /// Federated rounds used (mean, gradient and evaluation rounds).
        public var rounds: Int
    }

    /// Trains over `training` (one device per user, index = dense user index) and evaluates
    /// on `test` (same devices; pass [] to skip), for `items` catalog items.
    public func run(training: [LocalRatings], test: [LocalRatings], items: Int) throws -> Outcome {
        guard !training.isEmpty else { throw MLError.invalid("federated MF needs at least one device") }
        guard test.isEmpty || test.count == training.count else {
            throw MLError.dimension("\(test.count) test devices for \(training.count) training devices")
        }
        guard rounds >= 1 else { throw MLError.invalid("federated MF needs at least one round") }
        let layout = try FederatedMF(items: items, factors: factors, regularization: regularization)
        var meanSum = [0.0, 0.0]
        for device in training { add(FederatedMF.meanContribution(device), to: &meanSum) }
        guard meanSum[1] > 0 else { throw MLError.invalid("no device has a training rating") }
        var model = layout.initialModel(globalMean: meanSum[0] / meanSum[1], seed: seed)
        var optimizer = try ItemOptimizer(optimizer, dimension: layout.dimension)
        var solver = FactorSolver(factors: factors)
        var gradient = [Double](repeating: 0, count: layout.dimension)
        for _ in 0..<rounds {
            for index in gradient.indices { gradient[index] = 0 }
            for device in training where device.count > 0 {
                try layout.accumulateGradient(model: model, ratings: device, into: &gradient, solver: &solver)
            }
            try optimizer.apply(gradient, to: &model.parameters)
        }
        var metrics: RatingMetrics?
        if !test.isEmpty {
            var sums = [0.0, 0.0, 0.0]
            for (trainingPart, testPart) in zip(training, test) where testPart.count > 0 {
                add(try layout.deviceEvaluation(model: model, training: trainingPart, test: testPart, solver: &solver), to: &sums)
            }
            metrics = try RatingMetrics(sumOfSquaredErrors: sums[0], sumOfAbsoluteErrors: sums[1], count: sums[2])
        }
        return Outcome(model: model, test: metrics, rounds: 1 + rounds + (test.isEmpty ? 0 : 1))
    }
}
