import ConfideAggregation
import ConfideProtocol
import ConfideStore

extension RoundEngine {
    /// What became of one attempt at a planned round.
    enum RoundOutcome {
        case completed(AbsorbedRound, epsilon: Double)
        case aborted(String)
    }

    /// The job loop: plans each round, runs it (retrying aborted attempts) and stops when
    /// the job is done, fails, or the next round would exceed the ε the job may spend.
    func runJob() async {
        while var run = job, run.state == .running, !Task.isCancelled {
            let planned: PlannedRound
            do {
                guard let next = try run.pending ?? run.job.nextRound() else {
                    await finishJob(.completed, reason: nil)
                    return
                }
                planned = next
            } catch {
                await finishJob(.failed, reason: "planning the next round failed: \(error)")
                return
            }
            if run.pending == nil {
                // Kept until a round of it completes: an aborted attempt (or a restart) retries
                // this round, and asking the job again would skip it.
                run.pending = planned
                job = run
            }
            if run.plan.noiseMultiplier > 0 {
                var next = accountant
                var after: Double?
                do {
                    try next.record(noiseMultiplier: run.plan.noiseMultiplier, samplingRate: run.plan.samplingRate)
                    after = try next.epsilon(delta: policy.training.delta)
                    precharged = next
                } catch {
                    after = nil
                }
                guard let after, after <= run.plan.epsilonCeiling * (1 + 1e-9) else {
                    await finishJob(.failed, reason: "the next round would bring ε above the \(run.plan.epsilonCeiling) this job may reach; training stopped within budget")
                    return
                }
            }
            await waitForEligibleCohort(planned)
            var completed = false
            for _ in 0..<configuration.roundAttempts where !completed && !Task.isCancelled {
                let started = ContinuousClock.now
                let outcome = await runRound(planned, plan: run.plan, timeout: run.stageTimeout, jobID: run.id)
                completed = record(outcome, planned: planned, started: started)
            }
            // A shutdown leaves the job running in the store: the next coordinator continues it.
            if Task.isCancelled { return }
            guard completed else {
                await finishJob(.failed, reason: "\(configuration.roundAttempts) attempts at a \(planned.task.rawValue) round were aborted")
                return
            }
        }
    }

    /// Waits (up to the configured cohort wait) until the policy's minimum cohort of
    /// devices is eligible for `planned`, as after a restart while devices come back or
    /// before users consented: attempting earlier would only abort rounds.
    private func waitForEligibleCohort(_ planned: PlannedRound) async {
        guard let purpose = policy.purpose(allowing: planned.task)?.key else { return }
        let deadline = ContinuousClock.now + configuration.cohortWait
        let minimum = max(2, policy.training.minCohort)
        defer { setWaiting(nil) }
        while !Task.isCancelled, ContinuousClock.now < deadline {
            guard let eligible = try? await eligibleDevices(purpose: purpose).count, eligible < minimum else { return }
            if job?.reason == nil {
                logger.info("waiting for enough eligible devices", metadata: ["eligible": "\(eligible)", "minimum": "\(minimum)"])
            }
            setWaiting("waiting for the policy's minimum cohort of \(minimum) eligible devices (\(eligible) now)")
            try? await Task.sleep(for: .milliseconds(500))
        }
    }

    /// Shows admins what a running job waits for (`nil`: nothing).
    private func setWaiting(_ reason: String?) {
        guard var run = job, run.state == .running else { return }
        run.reason = reason
        job = run
    }

    /// Appends a round's summary to the job's history; true if it completed.
    private func record(_ outcome: RoundOutcome, planned: PlannedRound, started: ContinuousClock.Instant) -> Bool {
        guard var run = job else { return false }
        let seconds = Double((ContinuousClock.now - started).components.attoseconds) * 1e-18
            + Double((ContinuousClock.now - started).components.seconds)
        let last = round
        let cohort = last?.configuration.cohort.count ?? 0
        let contributors = last.map { round in round.server.deviceStatuses.filter { $0 == .active }.count } ?? 0
        let epsilonNow = (try? epsilonSpent()) ?? .infinity
        let summary: RoundSummary
        let completed: Bool
        switch outcome {
        case let .completed(absorbed, _):
            summary = RoundSummary(roundID: last?.id ?? "", task: planned.task.rawValue, work: planned.work.kind.rawValue,
                                   outcome: "completed", cohort: cohort, dropped: cohort - contributors,
                                   metric: absorbed.metric, metricName: absorbed.metricName, epsilon: epsilonNow, seconds: seconds)
            completed = true
        case let .aborted(reason):
            summary = RoundSummary(roundID: last?.id ?? "", task: planned.task.rawValue, work: planned.work.kind.rawValue,
                                   outcome: "aborted", cohort: cohort, dropped: cohort - contributors, metric: nil,
                                   metricName: nil, epsilon: epsilonNow, seconds: seconds, reason: reason)
            completed = false
        }
        metrics.round(task: planned.task.rawValue, outcome: summary.outcome)
        run.rounds.append(summary)
        job = run
        return completed
    }

    /// Ends the job, in the store first: a job the store still calls running is continued
    /// by the next coordinator.
    private func finishJob(_ state: JobRecord.State, reason: String?) async {
        guard let id = job?.id else { return }
        do {
            try await store.finishJob(id, state: state, reason: reason)
        } catch {
            logger.error("could not record the end of a job", metadata: ["job": "\(id)", "error.type": "\(type(of: error))"])
        }
        // Re-read after the await: only this loop changes a running job's state.
        guard var run = job, run.id == id else { return }
        run.state = state
        run.reason = reason
        job = run
        logger.info("job finished", metadata: ["job": "\(id)", "state": "\(state.rawValue)", "rounds": "\(run.rounds.count)"])
        announceChange()
    }
}
