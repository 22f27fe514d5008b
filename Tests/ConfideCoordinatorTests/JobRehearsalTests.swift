import ConfideAggregation
import ConfideClient
@testable import ConfideCoordinator
import ConfideML
import ConfidePolicy
import ConfideProtocol
import Testing

@Suite("Job rehearsal")
struct JobRehearsalTests {
    static func limits(minCohort: Int = 50, budget: Double = 8) -> TrainingLimits {
        TrainingLimits(minCohort: minCohort, epsilonBudget: budget, delta: 1e-5, clipNorm: 1, noiseMultiplier: 1.1,
                       location: SourceLocation(file: "test", line: 1, column: 1))
    }

    /// `count` synthetic shoppers' device data, cleaned as the devices clean them.
    static func shoppers(_ count: Int, seed: UInt64) throws -> [DeviceData] {
        let generator = try SyntheticCommerce(SyntheticCommerce.Configuration(users: count, seed: seed))
        let cleaner = CommerceCleaner(CommerceCleaner.Configuration(now: generator.configuration.windowEnd))
        return (0..<count).map { index in
            var report = CleaningReport()
            let clean = cleaner.clean(generator.user(index), report: &report)
            return DeviceDataBuilder.commerce(user: clean, referenceTime: generator.configuration.windowEnd)
        }
    }

    static func updates(_ data: [DeviceData]) -> [JobRehearsal.DeviceUpdate] {
        data.map { device in { work, parameters in try DeviceWorker.update(for: work, parameters: parameters, data: device) } }
    }

    /// Inertia of a published K-Means model and of centralized k-means++ (10 restarts) on
    /// the devices' features, normalized and clamped as the model says.
    static func inertias(_ data: [DeviceData], model: [Double], k: Int, clamp: Double) throws -> (federated: Double, centralized: Double) {
        let schema = try FeatureSchema(identifier: FeatureSet.commerce.rawValue)
        let d = schema.count
        let mean = Array(model[0..<d]), deviation = Array(model[d..<2 * d])
        let rows = try data.flatMap { try ($0.features[FeatureSet.commerce.rawValue] ?? []).map(schema.bounded) }.map { row in
            (0..<d).map { min(clamp, max(-clamp, (row[$0] - mean[$0]) / max(deviation[$0], 1e-6))) }
        }
        let points = try Matrix(rowArrays: rows)
        let centroids = try Matrix(rows: k, columns: d, storage: Array(model[(2 * d)...]))
        let labels = try KMeans.assign(points, centroids: centroids)
        var federated = 0.0
        for row in 0..<points.rows {
            for column in 0..<d {
                let difference = points[row, column] - centroids[labels[row], column]
                federated += difference * difference
            }
        }
        let central = try KMeans(KMeans.Configuration(k: k, restarts: 10, seed: 1)).fit(points)
        return (federated, central.inertia)
    }

    @Test("Without noise, a rehearsed K-Means job matches centralized k-means++ as the plain-sum simulation does")
    func noiselessKMeans() throws {
        let data = try Self.shoppers(1_000, seed: 3)
        let rehearsal = JobRehearsal(limits: Self.limits(), noise: false, seed: 3)
        var accountant = try PrivacyAccountant()
        let outcome = try rehearsal.run(StartJobRequest(task: .kmeans, features: .commerce, rounds: 20, clusters: 5, seed: 3),
                                        devices: Self.updates(data), accountant: &accountant)
        #expect(outcome.state == .completed, "\(outcome.reason ?? "")")
        #expect(outcome.noiseMultiplier == 0 && outcome.samplingRate == 1)
        #expect(outcome.rounds.allSatisfy { $0.cohort == 1_000 && $0.noiseStandardDeviation == 0 })
        let clamp = try #require(outcome.metadata["feature_clamp"].flatMap(Double.init))
        let (federated, centralized) = try Self.inertias(data, model: outcome.parameters, k: 5, clamp: clamp)
        #expect(federated / centralized < 1.02, "federated \(federated), centralized \(centralized)")
    }

    @Test("The noise added to a rehearsed sum has the standard deviation of the devices' distributed noise")
    func noiseMatchesPlan() throws {
        let rehearsal = JobRehearsal(limits: Self.limits(), seed: 7)
        let length = 20_000, cohort = 120
        let planned = PlannedRound(task: .kmeans, work: RoundWork(kind: .kmeansStep, vectorLength: length),
                                   parameters: [], sensitivity: 3)
        let plan = PrivacyPlan(samplingRate: 0.5, epsilonCeiling: 4, noiseMultiplier: 1.5)
        let zeros: JobRehearsal.DeviceUpdate = { _, _ in [Double](repeating: 0, count: length) }
        var generator = SeededGenerator(seed: 7)
        let (sum, round) = try rehearsal.aggregate(planned, plan: plan, cohort: Array(repeating: zeros, count: cohort),
                                                   using: &generator)
        // σ·C·Δ, grown by √(n/m): devices calibrate to the 70% of the cohort that must arrive.
        let planned70 = 1.5 * 3 * (Double(cohort) / 84).squareRoot()
        #expect(abs(round.noiseStandardDeviation / planned70 - 1) < 0.01, "\(round.noiseStandardDeviation) vs \(planned70)")
        let mean = sum.reduce(0, +) / Double(length)
        let deviation = (sum.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(length - 1)).squareRoot()
        // The sample deviation of 20,000 draws is within 2% of the truth with overwhelming probability.
        #expect(abs(deviation / round.noiseStandardDeviation - 1) < 0.02, "sample \(deviation), planned \(round.noiseStandardDeviation)")
        #expect(abs(mean) < 5 * round.noiseStandardDeviation / Double(length).squareRoot())
    }

    @Test("Updates are clipped to the clip norm times the round's sensitivity, as a device's encoder clips them")
    func clipping() throws {
        let rehearsal = JobRehearsal(limits: Self.limits(minCohort: 2), noise: false)
        let planned = PlannedRound(task: .kmeans, work: RoundWork(kind: .kmeansStep, vectorLength: 2), parameters: [], sensitivity: 2)
        let long: JobRehearsal.DeviceUpdate = { _, _ in [30, 40] }
        let short: JobRehearsal.DeviceUpdate = { _, _ in [0.5, 0] }
        var generator = SeededGenerator(seed: 1)
        let (sum, round) = try rehearsal.aggregate(planned, plan: PrivacyPlan(samplingRate: 1, epsilonCeiling: .infinity, noiseMultiplier: 0),
                                                   cohort: [long, short], using: &generator)
        #expect(round.clipped == 1)
        #expect(abs(sum[0] - (1.2 + 0.5)) < 1e-12 && abs(sum[1] - 1.6) < 1e-12)
    }

    @Test("A noisy rehearsal plans with the engine's PrivacyPlan, samples cohorts at its rate and stays within its ε")
    func noisyKMeansStaysWithinBudget() throws {
        let data = try Self.shoppers(2_000, seed: 5)
        let rehearsal = JobRehearsal(limits: Self.limits(), seed: 5)
        var accountant = try PrivacyAccountant()
        let request = StartJobRequest(task: .kmeans, features: .commerce, rounds: 3, clusters: 5, epsilon: 4, seed: 5)
        let outcome = try rehearsal.run(request, devices: Self.updates(data), accountant: &accountant)
        var reference = try PrivacyAccountant()
        let plan = try PrivacyPlan.make(limits: Self.limits(), accountant: reference, rounds: outcome.plannedRounds, eligible: 2_000,
                                        requestedEpsilon: 4, requestedRate: nil, noise: true)
        #expect(outcome.state == .completed, "\(outcome.reason ?? "")")
        #expect(outcome.noiseMultiplier == plan.noiseMultiplier && outcome.samplingRate == plan.samplingRate)
        #expect(outcome.rounds.count == outcome.plannedRounds)
        try reference.record(noiseMultiplier: plan.noiseMultiplier, samplingRate: plan.samplingRate, steps: outcome.plannedRounds)
        let spent = try accountant.epsilon(delta: 1e-5)
        #expect(abs(spent - (try reference.epsilon(delta: 1e-5))) < 1e-9 && spent <= 4 * (1 + 1e-9))
        let cohorts = outcome.rounds.map { Double($0.cohort) }
        let expected = plan.samplingRate * 2_000
        // Poisson cohorts: the mean of the rounds' sizes is within 4 binomial deviations of q·N.
        let spread = 4 * (expected * (1 - plan.samplingRate) / Double(cohorts.count)).squareRoot() + 1
        #expect(abs(cohorts.reduce(0, +) / Double(cohorts.count) - expected) <= spread)
        #expect(outcome.rounds.allSatisfy { $0.noiseStandardDeviation > 0 })
    }

    @Test("At ε 4 the default K-Means design finds the segments of 2,000 shoppers, none of them collapsed")
    func privateSegments() throws {
        let data = try Self.shoppers(2_000, seed: 8)
        let rehearsal = JobRehearsal(limits: Self.limits(), seed: 8)
        var accountant = try PrivacyAccountant()
        let outcome = try rehearsal.run(StartJobRequest(task: .kmeans, features: .commerce, rounds: 1, clusters: 5, epsilon: 4, seed: 8),
                                        devices: Self.updates(data), accountant: &accountant)
        #expect(outcome.state == .completed, "\(outcome.reason ?? "")")
        let clamp = try #require(outcome.metadata["feature_clamp"].flatMap(Double.init))
        let (federated, centralized) = try Self.inertias(data, model: outcome.parameters, k: 5, clamp: clamp)
        #expect(federated / centralized < 1.1, "federated \(federated), centralized \(centralized)")
        let sizes = try #require(outcome.metadata["segment_sizes"]).split(separator: ",").compactMap { Double($0) }
        #expect(sizes.count == 5 && sizes.allSatisfy { $0 > 100 }, "\(sizes)")
    }

    @Test("K-Means design overrides parse, and an unknown field or a bad value is refused")
    func designOverrides() throws {
        var design = KMeansDesign()
        try design.apply("lloydSpread=0,splitRadius=none,noisySets=2,refineOnSketch=false")
        #expect(design.lloydSpread == 0 && design.splitRadius == nil && design.noisySets == 2 && !design.refineOnSketch)
        #expect(throws: ConfigurationError.self) { try design.apply("noSuchField=1") }
        #expect(throws: ConfigurationError.self) { try design.apply("lloydSpread=-1") }
        #expect(throws: ConfigurationError.self) { try design.apply("refineOnSketch=maybe") }
        #expect(throws: ConfigurationError.self) { try design.apply("lloydCountWeight=0") }
    }
}
