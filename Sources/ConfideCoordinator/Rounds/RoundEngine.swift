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

    /// The policy's budget, kept by privacy loss distributions (tight); the audit
    /// cross-checks it with Rényi DP.
    var accountant: PLDAccountant
    /// The accountant as it will be once the next round is charged, computed by the
    /// budget check before the round began; charging reuses it when nothing else was
    /// recorded meanwhile (a PLD composition costs up to a few hundred milliseconds).
    var precharged: PLDAccountant?
    /// Set once a round without noise completed: the guarantee is then void (ε = ∞).
    var unboundedEpsilon = false
    var job: JobRun?
    /// Set while a start-job request is being planned and stored.
    var startingJob = false
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
        accountant = try PLDAccountant()
    }

    /// Aborts every round a previous process left open (nothing of it was applied),
    /// rebuilds the privacy accountant from every charged round (completed ones, and those
    /// aborted or interrupted after their sum was unmasked), and continues the latest job
    /// if it was still running.
    public func recover() async throws {
        for open in try await store.openRounds() {
            try await store.abortRound(open.id, reason: "the coordinator restarted during the round; nothing of it was applied")
            logger.info("aborted a round left open by a restart", metadata: ["round": "\(open.id)"])
        }
        var events: [PLDAccountant.Event] = []
        for charged in try await store.rounds() where charged.spentEpsilon {
            guard let sigma = charged.noiseMultiplier, let rate = charged.samplingRate, sigma > 0 else {
                unboundedEpsilon = true
                continue
            }
            events.append(PLDAccountant.Event(noiseMultiplier: sigma, samplingRate: rate))
        }
        accountant = try PLDAccountant(events: events)
        try await resumeLatestJob()
    }

    /// The policy-wide cumulative ε so far.
    public func epsilonSpent() throws -> Double {
        unboundedEpsilon ? .infinity : try accountant.epsilon(delta: policy.training.delta)
    }

    /// Starts a training job; throws if one is running or the request cannot be planned.
    /// The job is stored before it starts, so a restarted coordinator continues it.
    public func startJob(_ request: StartJobRequest) async throws -> JobStatus {
        try request.validate()
        try refuseIfJobRunning()
        // Held across the awaits below: a second request meanwhile is refused, not run twice.
        startingJob = true
        defer { startingJob = false }
        let segments = try await segments(for: request)
        var trainingJob = try TrainingJobs.make(request, noise: configuration.differentialPrivacyNoise, segments: segments)
        guard let purpose = policy.purpose(allowing: trainingJob.task) else {
            throw ProtocolError(.forbidden, "no purpose in the policy allows the task '\(trainingJob.task.rawValue)'")
        }
        let eligible = try await eligibleDevices(purpose: purpose.key).count
        guard !unboundedEpsilon || !configuration.differentialPrivacyNoise else {
            throw ProtocolError(.forbidden, "a round in this store ran without noise, so no ε guarantee remains; use a fresh store")
        }
        let plan: PrivacyPlan
        do {
            plan = try PrivacyPlan.make(limits: policy.training, accountant: accountant, rounds: trainingJob.plannedRounds,
                                        eligible: eligible, requestedEpsilon: request.epsilon,
                                        requestedRate: request.samplingRate, noise: configuration.differentialPrivacyNoise)
        } catch let error as ConfigurationError {
            throw ProtocolError(.unprocessable, error.message)
        }
        trainingJob = TrainingJobs.planned(trainingJob, plan: plan, clipNorm: policy.training.clipNorm)
        let specification = JobSpecification(request: request, plan: plan, noise: configuration.differentialPrivacyNoise,
                                              segmentsVersion: segments?.version)
        let record: JobRecord
        do {
            record = try await store.createJob(task: trainingJob.task, specification: try specification.encoded())
        } catch let error as StoreError where error.kind == .conflict {
            throw ProtocolError(.conflict, "\(error.message); wait for it to finish")
        }
        job = JobRun(id: record.id, specification: specification, job: trainingJob, stageTimeout: stageTimeout(of: request))
        logger.info("job started", metadata: ["job": "\(record.id)", "task": "\(trainingJob.task.rawValue)",
                                              "sampling_rate": "\(plan.samplingRate)", "rounds": "\(trainingJob.plannedRounds)",
                                              "eligible": "\(eligible)"])
        jobTask = Task { await self.runJob() }
        return job!.status
    }

    private func refuseIfJobRunning() throws {
        if let job, job.state == .running {
            throw ProtocolError(.conflict, "a \(job.job.task.rawValue) job is already running; wait for it to finish")
        }
        if startingJob { throw ProtocolError(.conflict, "another job is being started; wait for it to finish") }
    }

    func stageTimeout(of request: StartJobRequest) -> Duration {
        request.stageTimeoutSeconds.map { Duration.milliseconds(Int64($0 * 1000)) } ?? configuration.stageTimeout
    }

    /// Whether a job is running or being started.
    public var isJobRunning: Bool { startingJob || job?.state == .running }

    /// Checks that `request` describes a job this coordinator can make (task, features,
    /// items…), without planning or starting it: what a schedule is checked with when created.
    public func checkJobRequest(_ request: StartJobRequest) throws {
        try request.validate()
        let made = try TrainingJobs.make(request, noise: configuration.differentialPrivacyNoise, segments: nil)
        guard policy.purpose(allowing: made.task) != nil else {
            throw ProtocolError(.forbidden, "no purpose in the policy allows the task '\(made.task.rawValue)'")
        }
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

    /// The latest K-Means model `request` builds on: a histogram counts per segment of it; a
    /// K-Means job on the same features measures its drift from it. `nil` if there is none.
    private func segments(for request: StartJobRequest) async throws -> StoredSegments? {
        guard request.task == .histogram || request.task == .kmeans,
              let latest = try await store.latestModel(task: .kmeans).flatMap(segments) else { return nil }
        return request.task == .kmeans && latest.features != request.features ? nil : latest
    }

    /// The segments of a stored K-Means model; `nil` if it does not describe any.
    func segments(_ stored: ModelVersion) throws -> StoredSegments? {
        let document = try ModelDocument(verifying: stored.parameters, with: keys.identity.publicKey)
        let metadata = document.header.metadata
        guard let features = metadata["features"].flatMap(FeatureSet.init(rawValue:)), let clusters = metadata["clusters"].flatMap(Int.init),
              let schema = try? FeatureSchema(identifier: features.rawValue),
              document.parameters.count == (2 + clusters) * schema.count else { return nil }
        let sizes = metadata["segment_sizes"].map { $0.split(separator: ",").compactMap { Double($0) } }
        return StoredSegments(features: features, clusters: clusters,
                              featureClamp: metadata["feature_clamp"].flatMap(Double.init) ?? 3,
                              parameters: document.parameters, version: document.header.version,
                              sizes: sizes?.count == clusters ? sizes : nil)
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
