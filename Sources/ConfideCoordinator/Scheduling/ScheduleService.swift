import ConfideProtocol
import ConfideStore
import Foundation
import Logging
import ServiceLifecycle

/// Starts scheduled jobs when they are due: checks the store's schedules every `tick` and
/// starts the earliest due run when no job is running (a due run waits for the running job
/// to end). Schedules live in the store, so they survive restarts; runs missed while the
/// coordinator was down start once when it is back.
struct ScheduleService: Service {
    let store: ConfideStore
    let engine: RoundEngine
    let logger: Logger
    var tick: Duration = .seconds(1)

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                try await startDueRun(now: Date())
            } catch {
                logger.error("checking schedules failed", metadata: ["error.type": "\(type(of: error))"])
            }
            let tick = self.tick
            _ = try? await cancelWhenGracefulShutdown { try await Task.sleep(for: tick) }
        }
    }

    /// Starts the earliest due run, if any is due and no job is running.
    func startDueRun(now: Date) async throws {
        let due = try await store.schedules().filter { $0.state == .active && ($0.nextAt.map { $0 <= now } ?? false) }
            .min { ($0.nextAt ?? now) < ($1.nextAt ?? now) }
        guard let schedule = due, let dueAt = schedule.nextAt, await !engine.isJobRunning else { return }
        let next = ScheduleTiming.next(after: dueAt, every: schedule.everyMilliseconds.map { Double($0) / 1000 }, now: now)
        let request: StartJobRequest
        do {
            request = try ScheduleService.decode(schedule.specification)
        } catch {
            try await store.recordScheduleRun(schedule.id, jobID: nil, error: "the stored job could not be read: \(error)", nextAt: nil)
            return
        }
        do {
            let status = try await engine.startJob(request)
            try await store.recordScheduleRun(schedule.id, jobID: status.id, error: nil, nextAt: next)
            logger.info("scheduled job started", metadata: ["schedule": "\(schedule.id)", "job": "\(status.id ?? "")"])
        } catch let error as ProtocolError where error.kind == .conflict {
            // Another job started first; the run waits for it.
            return
        } catch {
            // The plan does not fit now (budget spent, too few consenting devices): this run
            // is skipped with the reason, and a repeating schedule tries again next time.
            try await store.recordScheduleRun(schedule.id, jobID: nil, error: "\(error)", nextAt: next)
            logger.warning("a scheduled job could not start", metadata: ["schedule": "\(schedule.id)"])
        }
    }

    static func encode(_ request: StartJobRequest) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return Array(try encoder.encode(request))
    }

    static func decode(_ bytes: [UInt8]) throws -> StartJobRequest {
        try JSONDecoder().decode(StartJobRequest.self, from: Data(bytes))
    }

    /// The admin's view of a stored schedule.
    static func status(_ record: ScheduleRecord) throws -> ScheduleStatus {
        ScheduleStatus(id: record.id, job: try decode(record.specification),
                       state: ScheduleStatus.State(rawValue: record.state.rawValue) ?? .cancelled, nextAt: record.nextAt,
                       repeatEverySeconds: record.everyMilliseconds.map { Double($0) / 1000 }, runs: record.runs,
                       lastJobID: record.lastJobID, lastError: record.lastError)
    }
}
