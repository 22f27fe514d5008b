import ConfideAggregation
import ConfideCrypto
import ConfideML
import ConfidePolicy
import ConfideProtocol
import ConfideStore
import Logging

/// Runs federated training: one job at a time, one round at a time. Devices talk to it
/// through the HTTP routes; the job loop forms cohorts, drives the secure aggregation
/// stages against their deadlines and applies each completed aggregate through the store.
///
/// State is re-checked after every `await`: a round can be aborted or replaced while a
/// request is suspended, and every handler looks the round up again by id.
public actor RoundEngine {
    let store: ConfideStore
    let keys: CoordinatorKeys
    let configuration: CoordinatorConfiguration
    let metrics: CoordinatorMetrics
    let logger: Logger

    var accountant: PrivacyAccountant
    /// Set once a round without noise completed: the guarantee is then void (ε = ∞).
    var unboundedEpsilon = false
    var job: JobRun?
    /// Devices that revealed wrong shares at Unmask: they are not invited to later rounds
    /// (until the coordinator restarts).
    var misbehaving: Set<DeviceID> = []
    var round: ActiveRound?
    /// How the last few rounds ended, for devices that ask after the next round began.
    var finished: [String: FinishedRound] = [:]
    var changeWaiters = Waiters()
    var runnerWaiter: CheckedContinuation<Void, Never>?
    var jobTask: Task<Void, Never>?

    var policy: Policy { store.policy }

    /// An engine over `store`; call ``recover()`` before serving.
    public init(store: ConfideStore, keys: CoordinatorKeys, configuration: CoordinatorConfiguration,
                metrics: CoordinatorMetrics, logger: Logger) throws {
        self.store = store
        self.keys = keys
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        accountant = try PrivacyAccountant()
    }

    /// Aborts every round a previous process left open (nothing of it was applied) and
    /// rebuilds the privacy accountant from every charged round: completed ones, and those
    /// aborted or interrupted after their sum was unmasked.
    public func recover() async throws {
        for open in try await store.openRounds() {
            try await store.abortRound(open.id, reason: "the coordinator restarted during the round; nothing of it was applied")
            logger.info("aborted a round left open by a restart", metadata: ["round": "\(open.id)"])
        }
        for charged in try await store.rounds() where charged.spentEpsilon {
            guard let sigma = charged.noiseMultiplier, let rate = charged.samplingRate, sigma > 0 else {
                unboundedEpsilon = true
                continue
            }
            try accountant.record(noiseMultiplier: sigma, samplingRate: rate)
        }
    }

    /// The policy-wide cumulative ε so far.
    public func epsilonSpent() throws -> Double {
        unboundedEpsilon ? .infinity : try accountant.epsilon(delta: policy.training.delta)
    }

    /// Starts a training job; throws if one is running or the request cannot be planned.
    public func startJob(_ request: StartJobRequest) async throws -> JobStatus {
        try request.validate()
        if let job, job.state == .running {
            throw ProtocolError(.conflict, "a \(job.job.task.rawValue) job is already running; wait for it to finish")
        }
        var trainingJob = try makeJob(request, segments: request.task == TrainingTask.histogram.rawValue ? try await latestSegments() : nil)
        guard let purpose = policy.purpose(allowing: trainingJob.task) else {
            throw ProtocolError(.forbidden, "no purpose in the policy allows the task '\(trainingJob.task.rawValue)'")
        }
        let eligible = try await eligibleDevices(purpose: purpose.key).count
        guard !unboundedEpsilon || !configuration.differentialPrivacyNoise else {
            throw ProtocolError(.forbidden, "a round in this store ran without noise, so no ε guarantee remains; use a fresh store")
        }
        // Re-checked after the await: another request may have started a job meanwhile.
        if let job, job.state == .running {
            throw ProtocolError(.conflict, "a \(job.job.task.rawValue) job is already running; wait for it to finish")
        }
        let plan: PrivacyPlan
        do {
            plan = try PrivacyPlan.make(limits: policy.training, accountant: accountant, rounds: trainingJob.plannedRounds,
                                        eligible: eligible, requestedEpsilon: request.epsilon,
                                        requestedRate: request.samplingRate, noise: configuration.differentialPrivacyNoise)
        } catch let error as ConfigurationError {
            throw ProtocolError(.unprocessable, error.message)
        }
        if var kmeans = trainingJob as? KMeansJob {
            kmeans.noiseScale = plan.noiseMultiplier * policy.training.clipNorm
            trainingJob = kmeans
        }
        if var mf = trainingJob as? MFJob {
            mf.noiseScale = plan.noiseMultiplier * policy.training.clipNorm
            trainingJob = mf
        }
        let timeout = request.stageTimeoutSeconds.map { Duration.milliseconds(Int64($0 * 1000)) } ?? configuration.stageTimeout
        job = JobRun(job: trainingJob, plan: plan, stageTimeout: timeout)
        logger.info("job started", metadata: ["task": "\(trainingJob.task.rawValue)", "sampling_rate": "\(plan.samplingRate)",
                                              "rounds": "\(trainingJob.plannedRounds)", "eligible": "\(eligible)"])
        jobTask = Task { await self.runJob() }
        return job!.status
    }

    /// The current or last job's status.
    public func jobStatus() -> JobStatus? { job?.status }

    /// Stops the running job (its open round is aborted) and waits for the loop to end.
    public func shutdown() async {
        if let round { await abort(round.id, reason: "the coordinator is shutting down") }
        jobTask?.cancel()
        wakeRunner()
        changeWaiters.wakeAll()
        await jobTask?.value
    }

    private func makeJob(_ request: StartJobRequest, segments: HistogramJob.Segments?) throws -> any TrainingJob {
        let seed = request.seed ?? 0
        do {
            switch request.task {
            case TrainingTask.kmeans.rawValue:
                guard let features = request.features else {
                    throw ProtocolError(.unprocessable, "a K-Means job needs 'features' (\(FeatureSet.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                let clusters = request.clusters ?? 8
                // Several candidate sets tighten the result without noise; with noise each
                // set would get √sets times less signal, so one set is followed.
                let sets = configuration.differentialPrivacyNoise ? 1 : 10
                return try KMeansJob(schema: FeatureSchema(identifier: features.rawValue), k: clusters, sets: sets,
                                     lloydRounds: request.rounds, seed: seed, noisy: configuration.differentialPrivacyNoise)
            case TrainingTask.mf.rawValue:
                guard let items = request.items else {
                    throw ProtocolError(.unprocessable, "an MF job needs 'items', the catalogue size (1 to 100,000)")
                }
                return try MFJob(items: items, factors: request.factors, rounds: request.rounds, method: request.method ?? .als, seed: seed)
            case TrainingTask.histogram.rawValue:
                guard let items = request.items else {
                    throw ProtocolError(.unprocessable, "a histogram job needs 'items', the catalogue size (1 to 100,000)")
                }
                return try HistogramJob(items: items, segments: segments)
            default:
                throw ProtocolError(.unprocessable, "a job's task is 'kmeans', 'mf' or 'histogram', got '\(request.task)'")
            }
        } catch let error as ConfigurationError {
            throw ProtocolError(.unprocessable, error.message)
        }
    }

    /// The latest K-Means model, for a histogram's per-segment blocks; `nil` if none was trained.
    private func latestSegments() async throws -> HistogramJob.Segments? {
        guard let stored = try await store.latestModel(task: .kmeans) else { return nil }
        let document = try ModelDocument(verifying: stored.parameters, with: keys.identity.publicKey)
        let metadata = document.header.metadata
        guard let features = metadata["features"].flatMap(FeatureSet.init(rawValue:)), let clusters = metadata["clusters"].flatMap(Int.init),
              let schema = try? FeatureSchema(identifier: features.rawValue),
              document.parameters.count == (2 + clusters) * schema.count else { return nil }
        return HistogramJob.Segments(features: features, clusters: clusters,
                                     featureClamp: metadata["feature_clamp"].flatMap(Double.init) ?? 3,
                                     parameters: document.parameters, version: document.header.version)
    }

    // MARK: Waiting

    /// Suspends until the state changes or `timeout` passes.
    func waitForChange(timeout: Duration) async {
        await withCheckedContinuation { continuation in
            let id = changeWaiters.add(continuation)
            Task { [weak self] in
                try? await Task.sleep(for: timeout)
                await self?.expireWaiter(id)
            }
        }
    }

    private func expireWaiter(_ id: Int) { changeWaiters.expire(id) }

    /// Wakes every long poll: call after any change devices may care about.
    func announceChange() { changeWaiters.wakeAll() }

    /// Suspends the job loop until the stage completes, may close early, or `deadline` passes.
    func waitForStage(until deadline: ContinuousClock.Instant) async {
        let limit = configuration.stageQuietPeriod
        while let round, !round.server.isStageComplete, round.abortReason == nil, ContinuousClock.now < deadline,
              !round.mayCloseEarly(limit: limit, now: ContinuousClock.now), !Task.isCancelled {
            // Wake at the deadline or when the stage could next close early, whichever is first.
            let wake = min(deadline, round.lastMessage + round.quietPeriod(limit: limit))
            await withCheckedContinuation { continuation in
                runnerWaiter = continuation
                Task { [weak self] in
                    try? await Task.sleep(until: max(wake, ContinuousClock.now + .milliseconds(10)))
                    await self?.wakeRunner()
                }
            }
        }
    }

    func wakeRunner() {
        runnerWaiter?.resume()
        runnerWaiter = nil
    }
}
