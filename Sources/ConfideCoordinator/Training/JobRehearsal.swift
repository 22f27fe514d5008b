import ConfideAggregation
import ConfideML
import ConfidePolicy
import ConfideProtocol

/// Runs a real coordinator training job in process, without devices on a network or
/// cryptography, but with the privacy mechanics of a real run: the same job (built as the
/// round engine builds it), the same ``PrivacyPlan``, Poisson-sampled cohorts, each update
/// clipped as the device's encoder clips it, and Gaussian noise of the standard deviation the
/// devices' distributed discrete noise gives the sum. What it leaves out: secure
/// aggregation (exact, so it changes no sum), stochastic rounding (unbiased, below 2⁻¹⁰ per
/// coordinate), dropouts and the discreteness of the noise.
///
/// Use it to measure what a job's design costs in quality at a given ε, quickly and
/// reproducibly (`confide-client-sim rehearse`); a real deployment's figures come from `run`.
public struct JobRehearsal: Sendable {
    /// One device: its update for a round's work against the round's parameters (in
    /// practice `DeviceWorker.update(for:parameters:data:)` over the device's data).
    public typealias DeviceUpdate = @Sendable (RoundWork, [Double]) throws -> [Double]

    /// What happened in one completed round.
    public struct Round: Sendable {
        /// The task the round is recorded under (`stats`, `kmeans`, `mf`…).
        public var task: String
        /// What devices computed.
        public var work: RoundWork.Kind
        /// Devices sampled into the cohort (all of them contribute).
        public var cohort: Int
        /// The clip norm of the round: the policy's clip norm times the work's sensitivity.
        public var clipNorm: Double
        /// Updates that had to be scaled down to the clip norm.
        public var clipped: Int
        /// Standard deviation of the Gaussian noise added to each coordinate of the sum.
        public var noiseStandardDeviation: Double
        /// The job's figure of merit after the round, if it measured one, and its name.
        public var metric: Double?
        /// The metric's name (`inertia`, `rmse`…).
        public var metricName: String?
        /// The cumulative ε (at the policy's δ) after the round.
        public var epsilon: Double
    }

    /// The rehearsed job's end.
    public struct Outcome: Sendable {
        /// Completed, or failed (see `reason`).
        public var state: JobState
        /// Why the job failed, if it did.
        public var reason: String?
        /// The plan's noise multiplier σ (0 without noise).
        public var noiseMultiplier: Double
        /// The plan's Poisson sampling rate q.
        public var samplingRate: Double
        /// The cumulative ε the job was allowed to reach.
        public var epsilonCeiling: Double
        /// Rounds the job planned (the privacy plan covers this many).
        public var plannedRounds: Int
        /// Completed rounds, in order.
        public var rounds: [Round]
        /// The job's summary figures, as the engine reports them.
        public var results: [String: String]
        /// The published model's parameters.
        public var parameters: [Double]
        /// The published model's metadata.
        public var metadata: [String: String]
    }

    /// The policy's training limits (clip norm, least σ, δ, ε budget, minimum cohort).
    public var limits: TrainingLimits
    /// Whether rounds carry differential-privacy noise, as the coordinator's
    /// `differentialPrivacyNoise` setting. Default true.
    public var noise: Bool
    /// Multiplies the noise actually added (default 1). Diagnostics only: 0 rehearses the
    /// noisy job and plan but adds no noise, isolating what sampling and clipping cost.
    public var noiseFactor: Double
    /// Seed of cohort sampling and noise.
    public var seed: UInt64
    /// Attempts per planned round before the job fails (a cohort below the policy's
    /// minimum aborts an attempt, uncharged, as in the engine). Default 3.
    public var roundAttempts: Int
    /// The K-Means design (default: the coordinator's).
    public var kmeansDesign: KMeansDesign

    /// A rehearsal under `limits`.
    public init(limits: TrainingLimits, noise: Bool = true, noiseFactor: Double = 1, seed: UInt64 = 0, roundAttempts: Int = 3,
                kmeansDesign: KMeansDesign = KMeansDesign()) {
        self.kmeansDesign = kmeansDesign
        self.limits = limits
        self.noise = noise
        self.noiseFactor = noiseFactor
        self.seed = seed
        self.roundAttempts = roundAttempts
    }

    /// Runs the job `request` asks for (task `kmeans` or `mf`) over `devices`, charging
    /// `accountant` as the engine charges its own. Throws a ``ProtocolError`` if the request
    /// names no valid job and a ``ConfigurationError`` if the budget cannot hold it; a job
    /// that stops part-way returns with state `failed` and the rounds it completed.
    public func run(_ request: StartJobRequest, devices: [DeviceUpdate],
                    accountant: inout some PrivacyAccounting) throws -> Outcome {
        try run(request, devices: devices, accountant: &accountant, segments: nil)
    }

    /// As the public `run`, for a job that builds on an earlier K-Means model (a K-Means job
    /// then measures its drift from it), as the engine gives it the latest one.
    func run(_ request: StartJobRequest, devices: [DeviceUpdate], accountant: inout some PrivacyAccounting,
             segments: StoredSegments?) throws -> Outcome {
        try request.validate()
        guard request.task == .kmeans || request.task == .mf else {
            throw ProtocolError(.unprocessable, "a rehearsal runs 'kmeans' or 'mf' jobs, got '\(request.task)'")
        }
        var job = try TrainingJobs.make(request, noise: noise, segments: segments, kmeans: kmeansDesign)
        let plan = try PrivacyPlan.make(limits: limits, accountant: accountant, rounds: job.plannedRounds, eligible: devices.count,
                                        requestedEpsilon: request.epsilon, requestedRate: request.samplingRate, noise: noise)
        job = TrainingJobs.planned(job, plan: plan, clipNorm: limits.clipNorm)
        var generator = SeededGenerator(seed: seed, stream: 0x7E4E_A25A)
        var rounds: [Round] = []
        var failure: String?
        while failure == nil, let planned = try job.nextRound() {
            if plan.noiseMultiplier > 0 {
                let after = try accountant.epsilon(afterRecording: plan.noiseMultiplier, samplingRate: plan.samplingRate,
                                                   delta: limits.delta)
                guard after <= plan.epsilonCeiling * (1 + 1e-9) else {
                    failure = "the next round would bring ε above the \(plan.epsilonCeiling) this job may reach"
                    break
                }
            }
            guard let cohort = sampleCohort(devices.count, rate: plan.samplingRate, using: &generator) else {
                failure = "\(roundAttempts) attempts at a \(planned.task.rawValue) round sampled fewer than \(limits.minCohort) devices"
                break
            }
            var (sum, round) = try aggregate(planned, plan: plan, cohort: cohort.map { devices[$0] }, using: &generator)
            if plan.noiseMultiplier > 0 {
                try accountant.record(noiseMultiplier: plan.noiseMultiplier, samplingRate: plan.samplingRate, steps: 1)
            }
            round.epsilon = plan.noiseMultiplier > 0 ? try accountant.epsilon(delta: limits.delta) : .infinity
            let absorbed = try job.absorb(sum: sum)
            sum.removeAll()
            round.metric = absorbed.metric
            round.metricName = absorbed.metricName
            rounds.append(round)
        }
        let model = job.publishedModel()
        return Outcome(state: failure == nil ? .completed : .failed, reason: failure, noiseMultiplier: plan.noiseMultiplier,
                       samplingRate: plan.samplingRate, epsilonCeiling: plan.epsilonCeiling, plannedRounds: job.plannedRounds,
                       rounds: rounds, results: job.results(), parameters: model.parameters, metadata: model.metadata)
    }

    /// A Poisson sample of device indices with at least the policy's minimum cohort, or
    /// `nil` after `roundAttempts` samples fell short.
    private func sampleCohort(_ count: Int, rate: Double, using generator: inout SeededGenerator) -> [Int]? {
        for _ in 0..<roundAttempts {
            let cohort = (0..<count).filter { _ in generator.chance(rate) }
            if cohort.count >= max(2, limits.minCohort) { return cohort }
        }
        return nil
    }

    /// The cohort's clipped, noised sum for one round, as the engine would decode it.
    func aggregate(_ planned: PlannedRound, plan: PrivacyPlan, cohort: [DeviceUpdate],
                           using generator: inout SeededGenerator) throws -> ([Double], Round) {
        let n = cohort.count
        // As the engine configures a round: devices calibrate their noise to the inputs
        // guaranteed to arrive, so a sum from the whole cohort carries more than σ·C.
        let minimumInputs = min(n, max(limits.minCohort, Int((Double(n) * PrivacyPlan.survivalShare).rounded(.up))))
        let clip = limits.clipNorm * planned.sensitivity
        let length = planned.work.vectorLength
        let quantization = try QuantizationParameters.fitting(
            clipNorm: clip, valueBound: clip * planned.coordinateBound, noiseMultiplier: plan.noiseMultiplier,
            vectorLength: length, minimumCohort: minimumInputs, devices: n)
        let quantizer = Quantizer(parameters: quantization)
        var sum = [Double](repeating: 0, count: length)
        var clipped = 0
        for update in cohort {
            let vector = try update(planned.work, planned.parameters)
            guard vector.count == length else {
                throw ProtocolError(.unprocessable, "a device's update has \(vector.count) values, the work order asks for \(length)")
            }
            let (values, wasClipped) = try quantizer.clip(vector)
            if wasClipped { clipped += 1 }
            for index in 0..<length { sum[index] += values[index] }
        }
        var deviation = 0.0
        if plan.noiseMultiplier > 0 {
            let noise = try DistributedNoise(noiseMultiplier: plan.noiseMultiplier, quantization: quantization,
                                             vectorLength: length, minimumCohort: minimumInputs)
            deviation = noise.sumStandardDeviation(devices: n) * noiseFactor
            for index in 0..<length { sum[index] += deviation * generator.nextGaussian() }
        }
        let round = Round(task: planned.task.rawValue, work: planned.work.kind, cohort: n, clipNorm: clip, clipped: clipped,
                          noiseStandardDeviation: deviation, metric: nil, metricName: nil, epsilon: 0)
        return (sum, round)
    }
}
