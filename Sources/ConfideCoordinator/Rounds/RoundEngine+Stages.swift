import ConfideAggregation
import ConfideProtocol
import ConfideStore
import Foundation

extension RoundEngine {
    /// Drives the open round through its stages: each closes when every device still in
    /// the round has sent its message, or at the deadline, when the silent ones count as
    /// dropped. Then unmasks, and applies the sum through the store.
    func driveStages(timeout: Duration) async -> RoundOutcome {
        let closers: [(RoundPhase, RoundPhase)] = [(.advertise, .share), (.share, .receipt), (.receipt, .input),
                                                   (.input, .consistency), (.consistency, .unmask)]
        for (current, next) in closers {
            await waitForStage(until: ContinuousClock.now + timeout)
            guard let id = round?.id else { return .aborted("the round was replaced") }
            if let reason = round?.abortReason { return .aborted(reason) }
            do {
                try closeStage(current)
            } catch {
                await abort(id, reason: "secure aggregation could not continue after \(current.rawValue): \(error)")
                return .aborted(round?.abortReason ?? "\(error)")
            }
            await advance(to: next)
        }
        await waitForStage(until: ContinuousClock.now + timeout)
        guard let active = round else { return .aborted("the round was replaced") }
        if let reason = active.abortReason { return .aborted(reason) }
        guard active.server.canFinish else {
            let reason = "too few unmasking responses arrived before the deadline to remove the masks"
            await abort(active.id, reason: reason)
            return .aborted(reason)
        }
        await advance(to: .finishing)
        return await finish(active)
    }

    /// Closes `phase` on the server and keeps each device's output for it to fetch.
    private func closeStage(_ phase: RoundPhase) throws {
        guard var active = round else { return }
        let before = active.server.activeDevices.count
        let cohort = active.configuration.cohort
        switch phase {
        case .advertise:
            for message in try active.server.closeAdvertiseKeys() {
                active.neighbourKeys[cohort[message.recipient].id] = message.serialized()
            }
        case .share:
            for message in try active.server.closeShareKeys() {
                active.deliveries[cohort[message.recipient].id] = message.serialized()
            }
        case .receipt:
            for message in try active.server.closeShareReceipts() {
                active.partners[cohort[message.recipient].id] = message.serialized()
            }
        case .input:
            for message in try active.server.closeMaskedInput() {
                active.contributorSets[cohort[message.recipient].id] = message.serialized()
            }
        case .consistency:
            for message in try active.server.closeConsistencyCheck() {
                active.unmaskRequests[cohort[message.recipient].id] = message.serialized()
            }
        default:
            return
        }
        metrics.dropouts(before - active.server.activeDevices.count, stage: phase.rawValue, task: active.planned.task.rawValue)
        round = active
    }

    /// Moves the round to `phase` and records the stage in the store, in order (a restarted
    /// coordinator reads it), before devices are told.
    private func advance(to phase: RoundPhase) async {
        guard var active = round else { return }
        let now = ContinuousClock.now
        metrics.stage(active.phase.rawValue, task: active.planned.task.rawValue, duration: now - active.phaseStarted)
        active.phase = phase
        active.phaseStarted = now
        active.lastMessage = now
        active.quorumReached = nil
        round = active
        do {
            try await store.updateRound(active.id, stage: phase.rawValue, cohortSize: active.configuration.cohort.count, checkpoint: nil)
        } catch {
            logger.warning("could not record a round's stage", metadata: ["round": "\(active.id)", "error.type": "\(type(of: error))"])
        }
        announceChange()
    }

    /// Remembers how `active` ended (for an hour, at most 32 rounds).
    func remember(_ active: ActiveRound) {
        let now = ContinuousClock.now
        finished = finished.filter { now - $0.value.ended < .seconds(3_600) }
        if finished.count >= 32, let oldest = finished.min(by: { $0.value.ended < $1.value.ended }) {
            finished.removeValue(forKey: oldest.key)
        }
        let contributors = Set(active.configuration.cohort.indices.filter { active.server.status(of: $0) == .active }
            .map { active.configuration.cohort[$0].id })
        finished[active.id] = FinishedRound(phase: active.phase, epsilon: active.epsilon, reason: active.abortReason,
                                            contributors: contributors, ended: now)
    }

    /// Records the round's ε in the store, then in the accountant; returns the increment of
    /// the policy's cumulative ε (+∞ for a round without noise, which voids the guarantee).
    private func charge(_ active: ActiveRound) async throws -> Double {
        guard let run = job else { throw ProtocolError(.conflict, "no job is running") }
        let sigma = run.plan.noiseMultiplier
        var accountant = self.accountant
        let epsilon: Double
        if sigma > 0 {
            let before = try accountant.epsilon(delta: policy.training.delta)
            let event = PLDAccountant.Event(noiseMultiplier: sigma, samplingRate: active.samplingRate)
            if let precharged, precharged.events == accountant.events + [event] {
                accountant = precharged
            } else {
                try accountant.record(noiseMultiplier: sigma, samplingRate: active.samplingRate)
            }
            epsilon = max(0, try accountant.epsilon(delta: policy.training.delta) - before)
        } else {
            epsilon = .infinity
        }
        try await store.chargeRound(active.id, epsilon: epsilon, noiseMultiplier: sigma, samplingRate: active.samplingRate)
        // After the await, from the stored charge: another round cannot have been charged
        // meanwhile (one round runs at a time), so the accountant moves by this round only.
        self.accountant = accountant
        if sigma == 0 { unboundedEpsilon = true }
        return epsilon
    }

    /// Gives up the round: nothing of it is applied.
    func abort(_ id: String, reason: String) async {
        guard var active = round, active.id == id, !active.phase.isFinal else { return }
        active.phase = .aborted
        active.abortReason = reason
        round = active
        remember(active)
        logger.info("round aborted", metadata: ["round": "\(id)", "reason": "\(reason)"])
        try? await store.abortRound(id, reason: reason)
        wakeRunner()
        announceChange()
    }

    /// Charges the round's ε, unmasks the sum off the actor (it takes up to a second of
    /// CPU), then applies it. The charge is stored before anything is unmasked: a sum that
    /// exists has been paid for, whatever happens to the round afterwards.
    private func finish(_ active: ActiveRound) async -> RoundOutcome {
        let epsilon: Double
        do {
            epsilon = try await charge(active)
        } catch {
            let reason = "the round's privacy cost could not be recorded, so its sum was not unmasked: \(error)"
            await abort(active.id, reason: reason)
            return .aborted(reason)
        }
        let server = active.server, workers = configuration.unmaskWorkers
        let result: AggregationResult
        do {
            result = try await Task.detached(priority: .userInitiated) {
                var server = server
                return try server.finish(workers: workers)
            }.value
        } catch {
            await abort(active.id, reason: "unmasking failed: \(error)")
            return .aborted("unmasking failed: \(error)")
        }
        do {
            return try await apply(result, of: active, epsilon: epsilon)
        } catch {
            let reason = "the aggregate could not be applied: \(error)"
            await abort(active.id, reason: reason)
            return .aborted(reason)
        }
    }

    /// Folds the sum into the job and records the round, its participations, its ε and the
    /// new model in one store transaction; in-memory state changes only after it commits.
    private func apply(_ result: AggregationResult, of active: ActiveRound, epsilon: Double) async throws -> RoundOutcome {
        guard var run = job else { throw ProtocolError(.conflict, "no job is running") }
        let cohort = active.configuration.cohort
        let contributors = result.contributors.map { cohort[$0].id }
        // A subject who withdrew consent during the round must not appear in it.
        for device in contributors {
            guard let subject = active.subjects[device] else { continue }
            let status = try await store.consentStatus(subject: subject, purpose: active.record.purpose)
            guard status.isGranted else {
                throw ProtocolError(.forbidden, "a contributor's consent for \(active.record.purpose) was withdrawn during the round")
            }
        }
        let encoder = try UpdateEncoder(configuration: active.configuration)
        let sum = encoder.decode(sum: result.sum)
        let norm = sum.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let limit = encoder.plausibleNorm(contributors: contributors.count, length: sum.count)
        guard norm.isFinite, norm <= limit else {
            throw ProtocolError(.unprocessable, "the aggregate's norm \(norm) exceeds the \(limit) that \(contributors.count) clipped, noised updates allow; some device did not clip its update, and nothing was applied")
        }
        if !result.misbehaving.isEmpty {
            let named = result.misbehaving.map { cohort[$0].id }
            misbehaving.formUnion(named)
            logger.warning("devices revealed wrong shares; they are left out of later rounds",
                           metadata: ["round": "\(active.id)", "devices": "\(named.count)"])
        }
        let absorbed = try run.job.absorb(sum: sum)
        let published = run.job.publishedModel()
        let version = (active.record.baseVersion ?? -1) + 1
        let document = try ModelDocument(task: active.planned.task.rawValue, version: version, metadata: published.metadata,
                                         parameters: published.parameters).signed(by: keys.identity)
        try await store.completeRound(
            active.id, cohortSize: contributors.count, epsilon: epsilon,
            participants: contributors.compactMap { device in active.subjects[device].map { Participant(deviceID: device.rawValue, subject: $0) } },
            parameters: document, signature: Array(document.suffix(64)),
            noiseMultiplier: run.plan.noiseMultiplier, samplingRate: active.samplingRate, releasedSum: sum)
        run.pending = nil
        job = run
        if var current = round, current.id == active.id {
            current.phase = .completed
            current.epsilon = epsilon
            round = current
            remember(current)
        }
        logger.info("round completed", metadata: ["round": "\(active.id)", "task": "\(active.planned.task.rawValue)",
                                                  "contributors": "\(contributors.count)"])
        announceChange()
        return .completed(absorbed, epsilon: epsilon)
    }
}
