import Foundation
import SQLKit

extension ConfideStore {
    /// Records an active schedule whose first run is due at `nextAt`.
    public func createSchedule(specification: [UInt8], nextAt: Date, everyMilliseconds: Int64?,
                               at instant: Date = Date()) async throws -> ScheduleRecord {
        if let everyMilliseconds, everyMilliseconds <= 0 { throw StoreError(.invalidArgument, "a schedule's interval must be positive") }
        let id = try Self.newIdentifier()
        let at = Timestamp.milliseconds(instant)
        try await database.write { sql in
            try await sql.raw("""
                INSERT INTO schedules (id, specification, state, next_at, every_ms, runs, created_at)
                VALUES (\(bind: id), \(bind: Data(specification)), \(bind: ScheduleRecord.State.active.rawValue),
                        \(bind: Timestamp.milliseconds(nextAt)), \(bind: everyMilliseconds), \(bind: Int64(0)), \(bind: at))
                """).run()
            var details = ["schedule": id, "next_at": String(Timestamp.milliseconds(nextAt))]
            if let everyMilliseconds { details["every_ms"] = String(everyMilliseconds) }
            try await self.appendAudit(action: "schedule.created", subject: nil, details: details, at: at, on: sql)
        }
        return ScheduleRecord(id: id, specification: specification, state: .active, nextAt: nextAt, everyMilliseconds: everyMilliseconds,
                              runs: 0, lastJobID: nil, lastError: nil, createdAt: Timestamp.date(at))
    }

    /// Every schedule, oldest first.
    public func schedules() async throws -> [ScheduleRecord] {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM schedules ORDER BY created_at, id").all().map(Self.scheduleRecord)
        }
    }

    /// Records what became of a due run of an active schedule: the job it started, or why
    /// none started. The schedule moves to `nextAt`, or is done without one. Throws
    /// ``StoreError/Kind/conflict`` if the schedule is no longer active (cancelled meanwhile).
    public func recordScheduleRun(_ id: String, jobID: String?, error: String?, nextAt: Date?,
                                  at instant: Date = Date()) async throws {
        let at = Timestamp.milliseconds(instant)
        try await database.write { sql in
            let schedule = try await self.lockSchedule(id, on: sql)
            guard schedule.state == .active else { throw StoreError(.conflict, "schedule \(id) is \(schedule.state.rawValue)") }
            let state: ScheduleRecord.State = nextAt == nil ? .done : .active
            try await sql.raw("""
                UPDATE schedules SET state = \(bind: state.rawValue), next_at = \(bind: nextAt.map(Timestamp.milliseconds)),
                runs = \(bind: Int64(schedule.runs + (jobID == nil ? 0 : 1))),
                last_job_id = \(bind: jobID ?? schedule.lastJobID), last_error = \(bind: error) WHERE id = \(bind: id)
                """).run()
            var details = ["schedule": id]
            if let jobID { details["job"] = jobID }
            if let error { details["error"] = error }
            try await self.appendAudit(action: jobID == nil ? "schedule.run_failed" : "schedule.run_started", subject: nil,
                                       details: details, at: at, on: sql)
        }
    }

    /// Cancels a schedule: no more runs start (a job already started runs on). Cancelling
    /// a cancelled schedule changes nothing; a finished one is a ``StoreError/Kind/conflict``.
    @discardableResult
    public func cancelSchedule(_ id: String, at instant: Date = Date()) async throws -> ScheduleRecord {
        let at = Timestamp.milliseconds(instant)
        return try await database.write { sql in
            let schedule = try await self.lockSchedule(id, on: sql)
            switch schedule.state {
            case .cancelled: return schedule
            case .done: throw StoreError(.conflict, "schedule \(id) already ran; there is nothing to cancel")
            case .active:
                try await sql.raw("""
                    UPDATE schedules SET state = \(bind: ScheduleRecord.State.cancelled.rawValue), next_at = NULL WHERE id = \(bind: id)
                    """).run()
                try await self.appendAudit(action: "schedule.cancelled", subject: nil, details: ["schedule": id], at: at, on: sql)
                return try await self.lockSchedule(id, on: sql)
            }
        }
    }

    private func lockSchedule(_ id: String, on sql: any SQLDatabase) async throws -> ScheduleRecord {
        try await sql.raw("UPDATE schedules SET state = state WHERE id = \(bind: id)").run()
        guard let schedule = try await sql.raw("SELECT * FROM schedules WHERE id = \(bind: id)").first().map(Self.scheduleRecord) else {
            throw StoreError(.notFound, "no schedule \(id)")
        }
        return schedule
    }

    static func scheduleRecord(_ row: any SQLRow) throws -> ScheduleRecord {
        guard let state = ScheduleRecord.State(rawValue: try row.value("state")) else {
            throw StoreError(.integrity, "a schedule row has an unknown state")
        }
        return ScheduleRecord(
            id: try row.value("id"), specification: try row.bytes("specification"), state: state,
            nextAt: try row.value("next_at", as: Int64?.self).map(Timestamp.date),
            everyMilliseconds: try row.value("every_ms", as: Int64?.self), runs: Int(try row.value("runs", as: Int64.self)),
            lastJobID: try row.value("last_job_id", as: String?.self), lastError: try row.value("last_error", as: String?.self),
            createdAt: Timestamp.date(try row.value("created_at")))
    }
}
