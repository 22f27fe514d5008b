@testable import ConfideML
import Testing

@Suite("Private ALS: device contribution, item solve, simulation")
struct PrivateALSTests {
    private let split = try! RatingSplit.perUser(TestData.lowRankRatings(users: 150, items: 60), testFraction: 0.2, seed: 1)

    private func tables() throws -> (RatingTable, RatingTable) {
        let all = split.train + split.test
        let users = IDIndex(distinct: all.map(\.user)), items = IDIndex(distinct: all.map(\.item))
        return (try RatingTable(split.train, users: users, items: items), try RatingTable(split.test, users: users, items: items))
    }

    /// Caps that never bind on ratings of 1–5: the method reduces to plain ALS.
    private func uncapped(items: Int, factors: Int = 3, lambda: Double = 0.05) throws -> PrivateALS {
        try PrivateALS(items: items, factors: factors, ratingCap: 100_000, factorNormCap: 1e9, residualCap: 1e9,
                       gramWeight: 1, userRegularization: lambda, itemRegularization: lambda, noiseShift: 0,
                       contributionClip: .infinity)
    }

    @Test func eigendecompositionRebuildsTheMatrixAndFindsItsSpectrum() {
        // Eigenvalues 1, 3 and 4, the first two in a rotated basis.
        let a = [2.0, 1, 0, 1, 2, 0, 0, 0, 4]
        let eigen = SymmetricEigen(a, n: 3)
        #expect(zip(eigen.values.sorted(), [1.0, 3, 4]).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(zip(eigen.reconstructed { $0 }, a).allSatisfy { abs($0 - $1) < 1e-12 })
        // Clipping at zero is the nearest PSD matrix: an indefinite matrix loses its negative part.
        let indefinite = SymmetricEigen([1.0, 2, 2, 1], n: 2).reconstructed { max($0, 0) }
        #expect(zip(indefinite, [1.5, 1.5, 1.5, 1.5]).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test func noiselessItemSolveIsTheCentralizedALSItemStep() throws {
        let (train, _) = try tables()
        let als = try uncapped(items: train.items.count)
        let layout = try als.layout
        let model = layout.initialModel(globalMean: train.mean, deviation: 0.5, seed: 4)
        var sum = [Double](repeating: 0, count: als.dimension)
        let devices = LocalRatings.perUser(train)
        for (user, device) in devices.enumerated() {
            try als.accumulateContribution(model: model, ratings: device, subsetSeed: UInt64(user), into: &sum)
        }
        let solved = try als.solveItems(sum: sum, noiseDeviation: 0, globalMean: model.globalMean)

        // The same step centrally: every user solved against the model, then every item by
        // FactorSolver against the users (λ per rating on both sides, as ALSTrainer).
        let f = als.factors
        var userFactors = [Double](), userBias = [Double]()
        for device in devices {
            let user = try layout.solveUser(model: model, ratings: device)
            userFactors += user.factors
            userBias.append(user.bias)
        }
        let byItem = train.grouped(byUser: false)
        var solver = FactorSolver(factors: f)
        for item in 0..<byItem.groupCount {
            let range = byItem.offsets[item]..<byItem.offsets[item + 1]
            var out = [Double](repeating: 0, count: f)
            let bias = byItem.others.withUnsafeBufferPointer { others in
                byItem.values.withUnsafeBufferPointer { values in
                    userFactors.withUnsafeBufferPointer { p in
                        userBias.withUnsafeBufferPointer { b in
                            out.withUnsafeMutableBufferPointer { o in
                                solver.solve(indices: UnsafeBufferPointer(rebasing: others[range]),
                                             values: UnsafeBufferPointer(rebasing: values[range]),
                                             otherFactors: p.baseAddress!, factorStride: f, otherBias: b.baseAddress!, biasStride: 1,
                                             globalMean: model.globalMean, lambda: 0.05, out: o.baseAddress!)
                            }
                        }
                    }
                }
            }
            let offset = layout.offset(item)
            for c in 0..<f { #expect(abs(solved.parameters[offset + c] - out[c]) < 1e-8) }
            #expect(abs(solved.parameters[offset + f] - bias) < 1e-8)
        }
    }

    @Test func withoutNoiseOrCapsItMatchesCentralizedALS() throws {
        let (train, test) = try tables()
        let central = try RatingMetrics(model: ALSTrainer(.init(factors: 3, iterations: 10, regularization: 0.05, seed: 1)).fit(train),
                                        test: test)
        var simulation = PrivateALSSimulation(method: try uncapped(items: train.items.count), rounds: 10, noiseMultiplier: 0,
                                              initialDeviation: 0.5, seed: 1)
        simulation.meanRound = true
        let outcome = try simulation.run(training: LocalRatings.perUser(train), test: LocalRatings.perUser(test),
                                         items: train.items.count)
        let federated = try #require(outcome.test)
        #expect(federated.count == test.count)
        #expect(abs(federated.rmse - central.rmse) < 0.02 * central.rmse)
        #expect(outcome.noisedRounds == 11)
    }

    @Test(arguments: [(1.0, 2.0, 5, Double.infinity, false), (0.5, 1.0, 1, .infinity, false), (3.0, 4.0, 1000, .infinity, false),
                      (0.3, 2.0, 1000, 5.0, false), (1.0, 2.0, 10, .infinity, true), (1.0, 2.0, 10, 2.0, true)])
    func contributionNeverExceedsTheDeclaredSensitivity(factorCap: Double, residualCap: Double, ratingCap: Int, clip: Double,
                                                        downweight: Bool) throws {
        let (train, _) = try tables()
        let als = try PrivateALS(items: train.items.count, factors: 4, ratingCap: ratingCap, factorNormCap: factorCap,
                                 residualCap: residualCap, gramWeight: 0.7, downweight: downweight, contributionClip: clip)
        let layout = try als.layout
        // Large item factors and a far-off mean push user factors and residuals past the caps.
        for (seed, mean) in [(UInt64(1), 3.5), (2, 1.0), (3, 5.0)] {
            let model = layout.initialModel(globalMean: mean, deviation: 3, seed: seed)
            for (user, device) in LocalRatings.perUser(train).enumerated() {
                let contribution = try als.deviceContribution(model: model, ratings: device, subsetSeed: UInt64(user))
                let norm = contribution.reduce(0) { $0 + $1 * $1 }.squareRoot()
                #expect(norm <= als.sensitivity * (1 + 1e-12))
                #expect(contribution.count == als.dimension)
            }
        }
    }

    @Test func ratingSubsetIsCappedSeededAndCoversSmallDevices() throws {
        let als = try PrivateALS(items: 10, ratingCap: 5)
        #expect(als.contributedPositions(count: 3, subsetSeed: 9) == [0, 1, 2])
        let chosen = als.contributedPositions(count: 40, subsetSeed: 9)
        #expect(chosen.count == 5 && Set(chosen).count == 5 && chosen.allSatisfy { (0..<40).contains($0) })
        #expect(chosen == als.contributedPositions(count: 40, subsetSeed: 9))
        #expect(chosen != als.contributedPositions(count: 40, subsetSeed: 10))
    }

    @Test func solveStaysFiniteAndShrinksUnderHeavyNoise() throws {
        let als = try PrivateALS(items: 50, factors: 3, ratingCap: 10, contributionClip: .infinity)
        var generator = SeededGenerator(seed: 11)
        let deviation = 25.0
        // Pure noise: nobody rated anything. Gram matrices are indefinite, counts negative.
        let sum = (0..<als.dimension).map { _ in deviation * generator.nextGaussian() }
        let model = try als.solveItems(sum: sum, noiseDeviation: deviation, globalMean: 3.5)
        let finite = model.parameters.allSatisfy { $0.isFinite }
        #expect(finite)
        // The noise-scaled ridge keeps what noise alone can produce small.
        let largest = model.parameters.map(abs).max() ?? 0
        #expect(largest < 1.5)
        let rms = (model.parameters.reduce(0) { $0 + $1 * $1 } / Double(model.parameters.count)).squareRoot()
        #expect(rms < 0.3)
    }

    @Test func mildNoiseStillBeatsTheGlobalMean() throws {
        let (train, test) = try tables()
        let baseline = (test.values.reduce(0) { $0 + ($1 - train.mean) * ($1 - train.mean) } / Double(test.count)).squareRoot()
        let method = try PrivateALS(items: train.items.count, factors: 3, ratingCap: 50, factorNormCap: 1, residualCap: 3,
                                    gramWeight: 0.5, userRegularization: 0.05, itemRegularization: 0.05, noiseShift: 0.3)
        let simulation = PrivateALSSimulation(method: method, rounds: 4, noiseMultiplier: 0.05, seed: 3)
        let outcome = try simulation.run(training: LocalRatings.perUser(train), test: LocalRatings.perUser(test),
                                         items: train.items.count)
        let metrics = try #require(outcome.test)
        #expect(metrics.rmse < 0.8 * baseline)
    }

    @Test func invalidSettingsAreRefused() {
        #expect(throws: MLError.self) { try PrivateALS(items: 0) }
        #expect(throws: MLError.self) { try PrivateALS(items: 5, ratingCap: 0) }
        #expect(throws: MLError.self) { try PrivateALS(items: 5, factorNormCap: .infinity) }
        #expect(throws: MLError.self) { try PrivateALS(items: 5, noiseShift: -1) }
        #expect(throws: MLError.self) { try PrivateALS(items: 5, contributionClip: 0) }
        #expect(throws: MLError.self) {
            try PrivateALS(items: 5).solveItems(sum: [1, 2], noiseDeviation: 0, globalMean: 3)
        }
    }
}
