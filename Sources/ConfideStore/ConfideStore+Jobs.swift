import ConfidePolicy
import Foundation
import SQLKit

extension ConfideStore {
    /// Records a new running job of `task`. Throws ``StoreError/Kind/conflict`` if a job of
    /// the same task is still running (a coordinator runs at most one per task).
    public func createJob(task: TrainingTask, specification: [UInt8], at instant: Date = Date()) async throws -> JobRecord {
        let id = try Self.newIdentifier()
        let at = Timestamp.milliseconds(instant)
        try await database.write { sql in
            let running = try await sql.raw("""
                SELECT id FROM jobs WHERE task = \(bind: task.rawValue) AND state = \(bind: JobRecord.State.running.rawValue)
                """).first()
            guard running == nil else { throw StoreError(.conflict, "a \(task.rawValue) job is already running") }
            try await sql.raw("""
                INSERT INTO jobs (id, task, state, specification, started_at)
                VALUES (\(bind: id), \(bind: task.rawValue), \(bind: JobRecord.State.running.rawValue),
                        \(bind: Data(specification)), \(bind: at))
                """).run()
            try await self.appendAudit(action: "job.started", subject: nil, details: ["job": id, "task": task.rawValue],
                                       at: at, on: sql)
        }
        return JobRecord(id: id, task: task, state: .running, specification: specification, startedAt: Timestamp.date(at),
                         finishedAt: nil, reason: nil)
    }

    /// Ends a running job. Ending an ended job is a ``StoreError/Kind/conflict``.
    public func finishJob(_ id: String, state: JobRecord.State, reason: String?, at instant: Date = Date()) async throws {
        guard state != .running else { throw StoreError(.invalidArgument, "a job ends completed or failed") }
        let at = Timestamp.milliseconds(instant)
        try await database.write { sql in
            try await sql.raw("UPDATE jobs SET state = state WHERE id = \(bind: id)").run()
            guard let job = try await sql.raw("SELECT * FROM jobs WHERE id = \(bind: id)").first().map(Self.jobRecord) else {
                throw StoreError(.notFound, "no job \(id)")
            }
            guard job.state == .running else { throw StoreError(.conflict, "job \(id) already \(job.state.rawValue)") }
            try await sql.raw("""
                UPDATE jobs SET state = \(bind: state.rawValue), reason = \(bind: reason), finished_at = \(bind: at)
                WHERE id = \(bind: id)
                """).run()
            var details = ["job": id, "task": job.task.rawValue, "state": state.rawValue]
            if let reason { details["reason"] = reason }
            try await self.appendAudit(action: "job.finished", subject: nil, details: details, at: at, on: sql)
        }
    }

    /// Every job, oldest first.
    public func jobs() async throws -> [JobRecord] {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM jobs ORDER BY started_at, id").all().map(Self.jobRecord)
        }
    }

    /// The job with `id`, if any.
    public func job(_ id: String) async throws -> JobRecord? {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM jobs WHERE id = \(bind: id)").first().map(Self.jobRecord)
        }
    }

    /// A job's rounds, oldest first, each completed one with the sum it released.
    public func jobRounds(_ id: String) async throws -> [JobRound] {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM rounds WHERE job_id = \(bind: id) ORDER BY started_at, id").all().map { row in
                JobRound(round: try Self.roundRecord(row), releasedSum: try row.optionalBytes("released_sum").map(ReleasedSum.decode))
            }
        }
    }

    static func jobRecord(_ row: any SQLRow) throws -> JobRecord {
        guard let task = TrainingTask(rawValue: try row.value("task")),
              let state = JobRecord.State(rawValue: try row.value("state")) else {
            throw StoreError(.integrity, "a job row has an unknown task or state")
        }
        return JobRecord(id: try row.value("id"), task: task, state: state, specification: try row.bytes("specification"),
                         startedAt: Timestamp.date(try row.value("started_at")),
                         finishedAt: try row.value("finished_at", as: Int64?.self).map(Timestamp.date),
                         reason: try row.value("reason", as: String?.self))
    }
}

/// A released sum as stored: its values as little-endian IEEE 754 doubles, exact.
enum ReleasedSum {
    static func encode(_ values: [Double]) -> Data {
        var data = Data(capacity: values.count * 8)
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    static func decode(_ bytes: [UInt8]) throws -> [Double] {
        guard bytes.count % 8 == 0 else { throw StoreError(.integrity, "a stored round sum has \(bytes.count) bytes, not a multiple of 8") }
        return stride(from: 0, to: bytes.count, by: 8).map { start in
            var bits: UInt64 = 0
            for offset in 0..<8 { bits |= UInt64(bytes[start + offset]) << (8 * UInt64(offset)) }
            return Double(bitPattern: bits)
        }
    }
}
