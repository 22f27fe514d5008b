import ConfideAggregation
import ConfideProtocol

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
                guard let next = try run.job.nextRound() else {
                    finishJob(.completed, reason: nil)
                    return
                }
                planned = next
            } catch {
                finishJob(.failed, reason: "planning the next round failed: \(error)")
                return
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
                    finishJob(.failed, reason: "the next round would bring ε above the \(run.plan.epsilonCeiling) this job may reach; training stopped within budget")
                    return
                }
            }
            var completed = false
            for _ in 0..<configuration.roundAttempts where !completed && !Task.isCancelled {
                let started = ContinuousClock.now
                let outcome = await runRound(planned, plan: run.plan, timeout: run.stageTimeout)
                completed = record(outcome, planned: planned, started: started)
            }
            guard completed else {
                finishJob(.failed, reason: "\(configuration.roundAttempts) attempts at a \(planned.task.rawValue) round were aborted")
                return
            }
            run = job!
        }
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

    private func finishJob(_ state: JobRun.State, reason: String?) {
        guard var run = job else { return }
        run.state = state
        run.reason = reason
        job = run
        logger.info("job finished", metadata: ["state": "\(state.rawValue)", "rounds": "\(run.rounds.count)"])
        announceChange()
    }
}
