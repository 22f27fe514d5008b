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
    /// Seed for the initial item factors (and the noise).
    public var seed: UInt64 = 0
    /// Noise multiplier σ of every round, applied as the coordinator does (update clipped to
    /// `clipNorm` · sensitivity, sum noised with σ · that per coordinate). Default 0: no noise.
    public var noiseMultiplier: Double = 0
    /// The policy's clip norm C. Default 1.
    public var clipNorm: Double = 1
    /// Public bound on a device's gradient norm, as the coordinator's MF job declares it. Default 10.
    public var gradientSensitivity: Double = 10

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
        guard noiseMultiplier >= 0, clipNorm > 0, gradientSensitivity > 0 else {
            throw MLError.invalid("federated MF needs σ ≥ 0 and a positive clip norm and gradient sensitivity")
        }
        let layout = try FederatedMF(items: items, factors: factors, regularization: regularization)
        let globalMean: Double
        var noise = SeededGenerator(seed: seed, stream: 0x6E6F_6973_65)
        if noiseMultiplier > 0 {
            // As the coordinator's job: the mean of the devices' means, each sent with a 1.
            var meanSum = [0.0, 0.0]
            for device in training where device.count > 0 {
                add(Self.clipped([device.values.reduce(0, +) / Double(device.count), 1],
                                 to: clipNorm * PrivateALSSimulation.meanSensitivity), to: &meanSum)
            }
            Self.addNoise(to: &meanSum, deviation: noiseMultiplier * clipNorm * PrivateALSSimulation.meanSensitivity,
                          generator: &noise)
            globalMean = meanSum[1] >= 1 ? min(5, max(1, meanSum[0] / meanSum[1])) : 3
        } else {
            var meanSum = [0.0, 0.0]
            for device in training { add(FederatedMF.meanContribution(device), to: &meanSum) }
            guard meanSum[1] > 0 else { throw MLError.invalid("no device has a training rating") }
            globalMean = meanSum[0] / meanSum[1]
        }
        var model = layout.initialModel(globalMean: globalMean, seed: seed)
        var optimizer = try ItemOptimizer(optimizer, dimension: layout.dimension)
        var solver = FactorSolver(factors: factors)
        var gradient = [Double](repeating: 0, count: layout.dimension)
        for _ in 0..<rounds {
            for index in gradient.indices { gradient[index] = 0 }
            if noiseMultiplier > 0 {
                let clip = clipNorm * gradientSensitivity
                var own = [Double](repeating: 0, count: layout.dimension)
                for device in training where device.count > 0 {
                    for index in own.indices { own[index] = 0 }
                    try layout.accumulateGradient(model: model, ratings: device, into: &own, solver: &solver)
                    add(Self.clipped(own, to: clip), to: &gradient)
                }
                Self.addNoise(to: &gradient, deviation: noiseMultiplier * clip, generator: &noise)
            } else {
                for device in training where device.count > 0 {
                    try layout.accumulateGradient(model: model, ratings: device, into: &gradient, solver: &solver)
                }
            }
            try optimizer.apply(gradient, to: &model.parameters)
        }
        let metrics = try layout.heldOutMetrics(model: model, training: training, test: test, solver: &solver)
        return Outcome(model: model, test: metrics, rounds: 1 + rounds + (test.isEmpty ? 0 : 1))
    }

    static func clipped(_ vector: [Double], to bound: Double) -> [Double] {
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > bound else { return vector }
        return vector.map { $0 * bound / norm }
    }

    static func addNoise(to vector: inout [Double], deviation: Double, generator: inout SeededGenerator) {
        guard deviation > 0 else { return }
        for index in vector.indices { vector[index] += deviation * generator.nextGaussian() }
    }
}
