/// Private ALS over in-memory devices with the Gaussian mechanism applied as the coordinator
/// applies it (every update clipped to clip norm · sensitivity, the sum noised with standard
/// deviation σ · clip norm · sensitivity per coordinate), without the cryptography: what
/// benchmarks use to calibrate and measure the method before a run over HTTP.
///
/// Rounds: optionally one for the global mean (each device's mean rating and a 1, sensitivity
/// √26 as in the gradient job), then `rounds` ALS rounds. Evaluation is exact (no noise): the
/// figure that counts is the published model's quality, as the simulator reports it.
public struct PrivateALSSimulation: Sendable {
    /// Method settings (caps, λ, F); `items` is replaced by the run's catalog size.
    public var method: PrivateALS
    /// ALS rounds T after the mean round.
    public var rounds: Int
    /// Noise multiplier σ of every round (0: no noise).
    public var noiseMultiplier: Double
    /// The policy's clip norm C; a round's clip is C · its sensitivity.
    public var clipNorm: Double
    /// Standard deviation of the initial item factors.
    public var initialDeviation: Double
    /// Seed for the initial factors, the devices' rating subsets and the noise.
    public var seed: UInt64
    /// With noise, solve each round from the mean of all ALS rounds' sums so far (the noise
    /// falls as 1/√t; the statistics drift little between rounds) rather than from the last
    /// round's alone. Default true, as the coordinator's job.
    public var averageRounds = true
    /// Run a mean round first. Default false, as the coordinator's job: devices start from
    /// the middle of the rating range as μ and the item biases absorb the offset, which saves
    /// a noised round.
    public var meanRound = false

    /// Settings; see the properties.
    public init(method: PrivateALS, rounds: Int = 3, noiseMultiplier: Double, clipNorm: Double = 1,
                initialDeviation: Double = 0.1, seed: UInt64 = 0) {
        self.method = method
        self.rounds = rounds
        self.noiseMultiplier = noiseMultiplier
        self.clipNorm = clipNorm
        self.initialDeviation = initialDeviation
        self.seed = seed
    }

    /// Sensitivity of the mean round's `[device mean, 1]`: √(5² + 1).
    public static let meanSensitivity = 26.0.squareRoot()

    /// The outcome of a simulated private fit.
    public struct Outcome: Sendable {
        /// The trained shared model.
        public var model: FederatedMF.ItemModel
        /// Exact test metrics of the model (each device solving itself), when test data was given.
        public var test: RatingMetrics?
        /// Noised rounds run (mean and ALS rounds).
        public var noisedRounds: Int
        /// The ALS rounds' sensitivity (L2 bound of one device's contribution).
        public var sensitivity: Double
    }

    /// Trains over `training` (one device per user) and evaluates on `test` (same devices, or
    /// [] to skip), for `items` catalog items.
    public func run(training: [LocalRatings], test: [LocalRatings], items: Int) throws -> Outcome {
        guard !training.isEmpty else { throw MLError.invalid("private ALS needs at least one device") }
        guard test.isEmpty || test.count == training.count else {
            throw MLError.dimension("\(test.count) test devices for \(training.count) training devices")
        }
        guard rounds >= 1, noiseMultiplier >= 0, clipNorm > 0, initialDeviation >= 0 else {
            throw MLError.invalid("private ALS needs ≥ 1 round, σ ≥ 0, a positive clip norm and a non-negative initial deviation")
        }
        let als = try PrivateALS(items: items, factors: method.factors, ratingCap: method.ratingCap,
                                 factorNormCap: method.factorNormCap, residualCap: method.residualCap,
                                 gramWeight: method.gramWeight, userRegularization: method.userRegularization,
                                 itemRegularization: method.itemRegularization, noiseShift: method.noiseShift,
                                 priorDeviation: method.priorDeviation, biasPriorDeviation: method.biasPriorDeviation,
                                 downweight: method.downweight, contributionClip: method.contributionClip)
        let layout = try als.layout
        var noise = SeededGenerator(seed: seed, stream: 0x6E6F_6973_65)

        var meanSum = [0.0, 0.0]
        let globalMean: Double
        if meanRound {
            for device in training where device.count > 0 {
                let mean = device.values.reduce(0, +) / Double(device.count)
                add(FederatedMFSimulation.clipped([mean, 1], to: clipNorm * Self.meanSensitivity), to: &meanSum)
            }
            FederatedMFSimulation.addNoise(to: &meanSum, deviation: noiseMultiplier * clipNorm * Self.meanSensitivity, generator: &noise)
            globalMean = meanSum[1] >= 1 ? min(5, max(1, meanSum[0] / meanSum[1])) : 3
        } else {
            globalMean = (layout.ratingRange.lowerBound + layout.ratingRange.upperBound) / 2
        }

        var model = layout.initialModel(globalMean: globalMean, deviation: initialDeviation, seed: seed)
        var solver = FactorSolver(factors: als.factors)
        var sum = [Double](repeating: 0, count: als.dimension)
        var contribution = [Double](repeating: 0, count: als.dimension)
        let clip = clipNorm * als.sensitivity, deviation = noiseMultiplier * clip
        var running = [Double](repeating: 0, count: averageRounds ? als.dimension : 0), solved = 0
        for _ in 0..<rounds {
            for index in sum.indices { sum[index] = 0 }
            for (user, device) in training.enumerated() where device.count > 0 {
                for index in contribution.indices { contribution[index] = 0 }
                try als.accumulateContribution(model: model, ratings: device, subsetSeed: Self.subsetSeed(seed, user: user),
                                               into: &contribution, solver: &solver)
                add(FederatedMFSimulation.clipped(contribution, to: clip), to: &sum)
            }
            FederatedMFSimulation.addNoise(to: &sum, deviation: deviation, generator: &noise)
            if averageRounds && deviation > 0 {
                solved += 1
                for index in sum.indices { running[index] += (sum[index] - running[index]) / Double(solved) }
                model = try als.solveItems(sum: running, noiseDeviation: deviation / Double(solved).squareRoot(), globalMean: globalMean)
            } else {
                model = try als.solveItems(sum: sum, noiseDeviation: deviation, globalMean: globalMean)
            }
        }

        let metrics = try layout.heldOutMetrics(model: model, training: training, test: test, solver: &solver)
        return Outcome(model: model, test: metrics, noisedRounds: (meanRound ? 1 : 0) + rounds, sensitivity: als.sensitivity)
    }

    /// The rating-subset seed of simulated device `user`.
    static func subsetSeed(_ seed: UInt64, user: Int) -> UInt64 {
        var generator = SeededGenerator(seed: seed, stream: UInt64(user))
        return generator.next()
    }
}
