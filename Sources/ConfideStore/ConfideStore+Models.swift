import ConfidePolicy
import Foundation
import SQLKit

extension ConfideStore {
    /// Records the initial model (version 0) of `task`. Throws ``StoreError/Kind/conflict``
    /// if the task already has a model.
    @discardableResult
    public func publishInitialModel(task: TrainingTask, parameters: [UInt8], signature: [UInt8],
                                    at instant: Date = Date()) async throws -> ModelVersion {
        let at = Timestamp.milliseconds(instant)
        return try await database.write { sql in
            if let latest = try await self.latestVersion(of: task, on: sql) {
                throw StoreError(.conflict, "task '\(task.rawValue)' already has model version \(latest)")
            }
            try await self.insertModel(task: task, version: 0, roundID: nil, parameters: parameters, signature: signature,
                                       at: at, on: sql)
            try await self.appendAudit(action: "model.initial", subject: nil, details: ["task": task.rawValue], at: at, on: sql)
            return ModelVersion(task: task, version: 0, roundID: nil, createdAt: Timestamp.date(at), parameters: parameters,
                                signature: signature)
        }
    }

    /// The newest model version of `task`, if any.
    public func latestModel(task: TrainingTask) async throws -> ModelVersion? {
        try await database.read { sql in
            try await sql.raw("""
                SELECT * FROM model_versions WHERE task = \(bind: task.rawValue) ORDER BY version DESC LIMIT 1
                """).first().map(Self.modelVersion)
        }
    }

    /// Model version `version` of `task`, if recorded.
    public func model(task: TrainingTask, version: Int64) async throws -> ModelVersion? {
        try await database.read { sql in
            try await sql.raw("""
                SELECT * FROM model_versions WHERE task = \(bind: task.rawValue) AND version = \(bind: version)
                """).first().map(Self.modelVersion)
        }
    }

    /// Records a participation directly, for a device's own store: its ledger of rounds
    /// joined and ε spent, which then appears in its subject's export. Recording the same
    /// round and device twice is a no-op. (The coordinator records participations through
    /// ``completeRound(_:cohortSize:epsilon:participants:parameters:signature:at:)`` instead.)
    public func recordParticipation(roundID: String, deviceID: String, subject: Pseudonym, task: TrainingTask,
                                    modelVersion: Int64, epsilon: Double, at instant: Date = Date()) async throws {
        guard let purpose = policy.purpose(allowing: task) else {
            throw StoreError(.unknownPurpose, "no purpose in the policy allows the task '\(task.rawValue)'")
        }
        // +∞ marks a round run without noise (a measurement run): recorded, and flagged by audits.
        guard !epsilon.isNaN, epsilon >= 0 else { throw StoreError(.invalidArgument, "ε must be non-negative") }
        let at = Timestamp.milliseconds(instant)
        try await database.write { sql in
            let inserted = try await sql.raw("""
                INSERT INTO participations (round_id, device_id, subject, purpose, task, model_version, epsilon, recorded_at)
                VALUES (\(bind: roundID), \(bind: deviceID), \(bind: subject.value), \(bind: purpose.key), \(bind: task.rawValue),
                        \(bind: modelVersion), \(bind: epsilon), \(bind: at))
                ON CONFLICT (round_id, device_id) DO NOTHING RETURNING round_id
                """).first()
            guard inserted != nil else { return }
            try await self.appendAudit(action: "participation.recorded", subject: subject,
                                       details: ["round": roundID, "device": deviceID, "purpose": purpose.key], at: at, on: sql)
        }
    }

    /// The participation records of `subject`, oldest first.
    public func participations(of subject: Pseudonym) async throws -> [ParticipationRecord] {
        try await database.read { sql in
            try await sql.raw("""
                SELECT * FROM participations WHERE subject = \(bind: subject.value) ORDER BY recorded_at, round_id, device_id
                """).all().map(Self.participation)
        }
    }

    /// The participation records of one round.
    public func participations(inRound roundID: String) async throws -> [ParticipationRecord] {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM participations WHERE round_id = \(bind: roundID) ORDER BY device_id").all()
                .map(Self.participation)
        }
    }

    /// Every participation record, for audits (consent at the time, ε per purpose).
    public func allParticipations() async throws -> [ParticipationRecord] {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM participations ORDER BY recorded_at, round_id, device_id").all().map(Self.participation)
        }
    }

    func latestVersion(of task: TrainingTask, on sql: any SQLDatabase) async throws -> Int64? {
        try await sql.raw("SELECT MAX(version) AS version FROM model_versions WHERE task = \(bind: task.rawValue)")
            .first()?.value("version", as: Int64?.self)
    }

    func insertModel(task: TrainingTask, version: Int64, roundID: String?, parameters: [UInt8], signature: [UInt8], at: Int64,
                     on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            INSERT INTO model_versions (task, version, round_id, created_at, parameters, signature)
            VALUES (\(bind: task.rawValue), \(bind: version), \(bind: roundID), \(bind: at), \(bind: Data(parameters)), \(bind: Data(signature)))
            """).run()
    }

    static func modelVersion(_ row: any SQLRow) throws -> ModelVersion {
        guard let task = TrainingTask(rawValue: try row.value("task")) else {
            throw StoreError(.integrity, "a model row has an unknown task")
        }
        return ModelVersion(task: task, version: try row.value("version"), roundID: try row.value("round_id", as: String?.self),
                            createdAt: Timestamp.date(try row.value("created_at")), parameters: try row.bytes("parameters"),
                            signature: try row.bytes("signature"))
    }

    static func participation(_ row: any SQLRow) throws -> ParticipationRecord {
        guard let task = TrainingTask(rawValue: try row.value("task")) else {
            throw StoreError(.integrity, "a participation row has an unknown task")
        }
        return ParticipationRecord(
            roundID: try row.value("round_id"), deviceID: try row.value("device_id"),
            subject: Pseudonym(unchecked: try row.value("subject")), purpose: try row.value("purpose"), task: task,
            modelVersion: try row.value("model_version"), epsilon: try row.value("epsilon"),
            recordedAt: Timestamp.date(try row.value("recorded_at")))
    }
}
