import ConfidePolicy
import Foundation
import SQLKit

extension ConfideStore {
    /// Opens a round of `task`, for the job `jobID` if it belongs to one; its purpose is
    /// the policy purpose that allows the task.
    public func beginRound(task: TrainingTask, cohortSize: Int, baseVersion: Int64?, stage: String? = nil, jobID: String? = nil,
                           at instant: Date = Date()) async throws -> RoundRecord {
        guard let purpose = policy.purpose(allowing: task) else {
            throw StoreError(.unknownPurpose, "no purpose in the policy allows the task '\(task.rawValue)'")
        }
        let id = try Self.newIdentifier()
        let at = Timestamp.milliseconds(instant)
        try await database.write { sql in
            try await sql.raw("""
                INSERT INTO rounds (id, task, purpose, state, stage, cohort_size, base_version, started_at, job_id, sampled_size)
                VALUES (\(bind: id), \(bind: task.rawValue), \(bind: purpose.key), \(bind: RoundRecord.State.open.rawValue),
                        \(bind: stage), \(bind: Int64(cohortSize)), \(bind: baseVersion), \(bind: at), \(bind: jobID), \(bind: Int64(cohortSize)))
                """).run()
            try await self.appendAudit(action: "round.begin", subject: nil,
                                       details: ["round": id, "task": task.rawValue, "purpose": purpose.key], at: at, on: sql)
        }
        return RoundRecord(id: id, task: task, purpose: purpose.key, state: .open, stage: stage, cohortSize: cohortSize,
                           baseVersion: baseVersion, modelVersion: nil, epsilon: nil, startedAt: Timestamp.date(at),
                           finishedAt: nil, reason: nil, jobID: jobID, sampledSize: cohortSize)
    }

    /// Saves an open round's progress (its stage, cohort and an opaque checkpoint) so a
    /// restarted coordinator can resume it. Throws ``StoreError/Kind/conflict`` if the round
    /// is no longer open.
    public func updateRound(_ id: String, stage: String?, cohortSize: Int, checkpoint: [UInt8]?) async throws {
        try await database.write { sql in
            _ = try await self.lockOpenRound(id, on: sql)
            try await sql.raw("""
                UPDATE rounds SET stage = \(bind: stage), cohort_size = \(bind: Int64(cohortSize)),
                checkpoint = \(bind: checkpoint.map { Data($0) }) WHERE id = \(bind: id)
                """).run()
        }
    }

    /// The checkpoint last saved for a round, if any.
    public func roundCheckpoint(_ id: String) async throws -> [UInt8]? {
        try await database.read { sql in
            try await sql.raw("SELECT checkpoint FROM rounds WHERE id = \(bind: id)").first()?.optionalBytes("checkpoint")
        }
    }

    /// Applies a round's result atomically: records the new model version, one participation
    /// per participant (with the round's purpose, ε and the new version) and marks the round
    /// completed, all in one transaction.
    ///
    /// A round is completed at most once: a second call (say after a restart) throws
    /// ``StoreError/Kind/conflict`` and changes nothing, so an aggregate is never applied
    /// twice. It also throws a conflict if the task's model moved past the round's base
    /// version in the meantime. Participants whose device is no longer active for that
    /// subject (erased mid-round) get no participation record.
    ///
    /// `epsilon` is the round's increase of the policy's cumulative ε; it is `+∞` for a
    /// round run without differential-privacy noise (a measurement run), which audits flag.
    /// `noiseMultiplier` and `samplingRate` are recorded so the accountant can be rebuilt;
    /// `releasedSum`, the sum the round's job absorbed, so the job can be rebuilt.
    @discardableResult
    public func completeRound(_ id: String, cohortSize: Int, epsilon: Double, participants: [Participant],
                              parameters: [UInt8], signature: [UInt8], noiseMultiplier: Double? = nil,
                              samplingRate: Double? = nil, releasedSum: [Double]? = nil,
                              at instant: Date = Date()) async throws -> ModelVersion {
        guard !epsilon.isNaN, epsilon >= 0 else { throw StoreError(.invalidArgument, "ε must be non-negative") }
        let at = Timestamp.milliseconds(instant)
        return try await database.write { sql in
            let round = try await self.lockOpenRound(id, on: sql)
            let latest = try await self.latestVersion(of: round.task, on: sql)
            if let base = round.baseVersion, base != latest {
                throw StoreError(.conflict, "the \(round.task.rawValue) model moved from version \(base) to \(latest.map(String.init) ?? "none") during round \(id); abort the round")
            }
            let version = (latest ?? -1) + 1
            try await self.insertModel(task: round.task, version: version, roundID: id, parameters: parameters,
                                       signature: signature, at: at, on: sql)
            let active = try await sql.raw("SELECT device_id, subject FROM devices WHERE status = 'active'").all()
            var owners: [String: String] = [:]
            for row in active { owners[try row.value("device_id")] = try row.value("subject", as: String?.self) }
            let recorded = participants.filter { owners[$0.deviceID] == $0.subject.value }
            for chunk in stride(from: 0, to: recorded.count, by: 500).map({ recorded[$0..<min($0 + 500, recorded.count)] }) {
                var insert = sql.insert(into: "participations")
                    .columns("round_id", "device_id", "subject", "purpose", "task", "model_version", "epsilon", "recorded_at")
                for participant in chunk {
                    insert = insert.values([id, participant.deviceID, participant.subject.value, round.purpose,
                                            round.task.rawValue, version, epsilon, at] as [any Encodable & Sendable])
                }
                try await insert.run()
            }
            try await sql.raw("""
                UPDATE rounds SET state = \(bind: RoundRecord.State.completed.rawValue), cohort_size = \(bind: Int64(cohortSize)),
                epsilon = \(bind: epsilon), model_version = \(bind: version), finished_at = \(bind: at), checkpoint = NULL,
                noise_multiplier = \(bind: noiseMultiplier), sampling_rate = \(bind: samplingRate),
                released_sum = \(bind: releasedSum.map(ReleasedSum.encode))
                WHERE id = \(bind: id)
                """).run()
            try await self.appendAudit(action: "round.completed", subject: nil,
                                       details: ["round": id, "task": round.task.rawValue, "model_version": String(version),
                                                 "cohort": String(cohortSize), "participations": String(recorded.count),
                                                 "epsilon": String(epsilon)], at: at, on: sql)
            return ModelVersion(task: round.task, version: version, roundID: id, createdAt: Timestamp.date(at),
                                parameters: parameters, signature: signature)
        }
    }

    /// Charges an open round's ε before its sum is unmasked: records the increment of the
    /// policy's cumulative ε with the σ and q that produced it. From then on the round
    /// counts against the budget, even if it is aborted or the coordinator dies before it
    /// completes. Charging twice is a ``StoreError/Kind/conflict``.
    public func chargeRound(_ id: String, epsilon: Double, noiseMultiplier: Double, samplingRate: Double,
                            at instant: Date = Date()) async throws {
        guard !epsilon.isNaN, epsilon >= 0 else { throw StoreError(.invalidArgument, "ε must be non-negative") }
        let at = Timestamp.milliseconds(instant)
        try await database.write { sql in
            let round = try await self.lockOpenRound(id, on: sql)
            guard round.chargedAt == nil else { throw StoreError(.conflict, "round \(id) was already charged") }
            try await sql.raw("""
                UPDATE rounds SET epsilon = \(bind: epsilon), noise_multiplier = \(bind: noiseMultiplier),
                sampling_rate = \(bind: samplingRate), charged_at = \(bind: at) WHERE id = \(bind: id)
                """).run()
            try await self.appendAudit(action: "round.charged", subject: nil,
                                       details: ["round": id, "epsilon": String(epsilon)], at: at, on: sql)
        }
    }

    /// Gives up an open round; nothing of it is applied (an ε it was charged stays charged). Aborting an aborted round is a
    /// no-op; aborting a completed one is a ``StoreError/Kind/conflict``.
    public func abortRound(_ id: String, reason: String, at instant: Date = Date()) async throws {
        let at = Timestamp.milliseconds(instant)
        try await database.write { sql in
            guard let round = try await self.lockRound(id, on: sql) else { throw StoreError(.notFound, "no round \(id)") }
            switch round.state {
            case .aborted: return
            case .completed: throw StoreError(.conflict, "round \(id) is completed; it cannot be aborted")
            case .open:
                try await sql.raw("""
                    UPDATE rounds SET state = \(bind: RoundRecord.State.aborted.rawValue), reason = \(bind: reason),
                    finished_at = \(bind: at), checkpoint = NULL WHERE id = \(bind: id)
                    """).run()
                try await self.appendAudit(action: "round.aborted", subject: nil, details: ["round": id, "reason": reason],
                                           at: at, on: sql)
            }
        }
    }

    /// The round with `id`, if any.
    public func round(_ id: String) async throws -> RoundRecord? {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM rounds WHERE id = \(bind: id)").first().map(Self.roundRecord)
        }
    }

    /// Every round, oldest first.
    public func rounds() async throws -> [RoundRecord] {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM rounds ORDER BY started_at, id").all().map(Self.roundRecord)
        }
    }

    /// Rounds still open: after a restart, each must be resumed or aborted.
    public func openRounds() async throws -> [RoundRecord] {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM rounds WHERE state = 'open' ORDER BY started_at, id").all().map(Self.roundRecord)
        }
    }

    /// The ε spent by completed rounds, for one purpose or (when `nil`) in total.
    public func epsilonSpent(purpose: String? = nil) async throws -> Double {
        try await rounds().filter { $0.spentEpsilon && (purpose == nil || $0.purpose == purpose) }
            .reduce(0) { $0 + ($1.epsilon ?? 0) }
    }

    private func lockRound(_ id: String, on sql: any SQLDatabase) async throws -> RoundRecord? {
        try await sql.raw("UPDATE rounds SET state = state WHERE id = \(bind: id)").run()
        return try await sql.raw("SELECT * FROM rounds WHERE id = \(bind: id)").first().map(Self.roundRecord)
    }

    private func lockOpenRound(_ id: String, on sql: any SQLDatabase) async throws -> RoundRecord {
        guard let round = try await lockRound(id, on: sql) else { throw StoreError(.notFound, "no round \(id)") }
        guard round.state == .open else {
            throw StoreError(.conflict, "round \(id) is already \(round.state.rawValue); its result is not applied again")
        }
        return round
    }

    static func roundRecord(_ row: any SQLRow) throws -> RoundRecord {
        guard let task = TrainingTask(rawValue: try row.value("task")),
              let state = RoundRecord.State(rawValue: try row.value("state")) else {
            throw StoreError(.integrity, "a round row has an unknown task or state")
        }
        return RoundRecord(
            id: try row.value("id"), task: task, purpose: try row.value("purpose"), state: state,
            stage: try row.value("stage", as: String?.self), cohortSize: Int(try row.value("cohort_size", as: Int64.self)),
            baseVersion: try row.value("base_version", as: Int64?.self), modelVersion: try row.value("model_version", as: Int64?.self),
            epsilon: try row.value("epsilon", as: Double?.self), startedAt: Timestamp.date(try row.value("started_at")),
            finishedAt: try row.value("finished_at", as: Int64?.self).map(Timestamp.date), reason: try row.value("reason", as: String?.self),
            noiseMultiplier: try row.value("noise_multiplier", as: Double?.self),
            samplingRate: try row.value("sampling_rate", as: Double?.self),
            chargedAt: try row.value("charged_at", as: Int64?.self).map(Timestamp.date),
            jobID: try row.value("job_id", as: String?.self),
            sampledSize: try row.value("sampled_size", as: Int64?.self).map(Int.init))
    }
}
