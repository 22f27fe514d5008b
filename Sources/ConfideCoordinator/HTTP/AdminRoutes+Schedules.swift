import ConfideProtocol
import ConfideStore
import Foundation
import Hummingbird

/// Schedules: jobs the coordinator starts by itself when they are due.
extension AdminRoutes {
    /// `POST /admin/v1/schedules`: the job is checked now (task, features, items); its
    /// privacy plan is made when each run starts, against the budget left then.
    func createSchedule(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        let schedule = try ScheduleRequest.decode(from: try await collect(request))
        try await engine.checkJobRequest(schedule.job)
        let record = try await store.createSchedule(
            specification: try ScheduleService.encode(schedule.job), nextAt: schedule.startAt ?? Date(),
            everyMilliseconds: schedule.repeatEverySeconds.map { Int64(($0 * 1000).rounded()) })
        try await audit("admin.schedule.create", details: ["schedule": record.id, "task": schedule.job.task.rawValue])
        return try HTTPReply.json(try ScheduleService.status(record), status: .created)
    }

    /// `GET /admin/v1/schedules`: every schedule, oldest first.
    func schedules(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        try await audit("admin.schedules")
        return try HTTPReply.json(try await store.schedules().map(ScheduleService.status))
    }

    /// `POST /admin/v1/schedules/{id}/cancel`: no more runs start; a running job runs on.
    func cancelSchedule(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard id.count == 32, id.allSatisfy(\.isHexDigit) else { throw ProtocolError(.notFound, "no schedule with that id") }
        let record = try await store.cancelSchedule(id)
        try await audit("admin.schedule.cancel", details: ["schedule": id])
        return try HTTPReply.json(try ScheduleService.status(record))
    }
}
