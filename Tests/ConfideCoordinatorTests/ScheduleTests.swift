import ConfideClient
@testable import ConfideCoordinator
import ConfideProtocol
import ConfideStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@Suite("Scheduled jobs")
struct ScheduleTests {
    @Test("The next run is the first occurrence on the schedule's grid after now; missed runs collapse into one")
    func timing() {
        let due = Date(timeIntervalSince1970: 1_000)
        #expect(ScheduleTiming.next(after: due, every: nil, now: due) == nil)
        #expect(ScheduleTiming.next(after: due, every: 60, now: due) == Date(timeIntervalSince1970: 1_060))
        #expect(ScheduleTiming.next(after: due, every: 60, now: Date(timeIntervalSince1970: 1_059.9)) == Date(timeIntervalSince1970: 1_060))
        // Down for 10 minutes: the runs in between are not started back to back.
        #expect(ScheduleTiming.next(after: due, every: 60, now: Date(timeIntervalSince1970: 1_600)) == Date(timeIntervalSince1970: 1_660))
        // A run started early (clock) still moves forward.
        #expect(ScheduleTiming.next(after: due, every: 60, now: Date(timeIntervalSince1970: 900)) == Date(timeIntervalSince1970: 1_060))
    }

    @Test("Bad schedules get a 4xx naming the field and store nothing; listing and cancelling work")
    func routes() async throws {
        let fixture = try await CoordinatorFixture.make()
        defer { fixture.remove() }
        try await fixture.coordinator.application().test(.router) { client in
            let caller = try SignedCaller(client: client)
            for (body, status) in [
                (#"{"task":"mf","rounds":3,"items":20,"repeatEverySeconds":0}"#, HTTPResponse.Status.unprocessableContent),
                (#"{"task":"mf","rounds":3,"items":20,"repeatEverySeconds":1e12}"#, .unprocessableContent),
                (#"{"task":"mf","rounds":3,"items":20,"startAt":"yesterday"}"#, .badRequest),
                (#"{"task":"mf","rounds":3,"items":20,"startAt":"2999-01-01T00:00:00Z"}"#, .unprocessableContent),
                (#"{"task":"mf","rounds":3,"items":20,"every":60}"#, .badRequest),
                (#"{"task":"mf","rounds":3,"items":20,"repeatEverySeconds":null}"#, .badRequest),
                (#"{"task":"mf","rounds":3,"items":20,"startAt":null}"#, .badRequest),
                (#"{"task":"mf","rounds":3,"items":null}"#, .badRequest),
                (#"{"task":"kmeans","rounds":3}"#, .unprocessableContent),
                (#"{"task":"mf","rounds":3}"#, .unprocessableContent),
            ] {
                let response = try await caller.admin(.post, "/admin/v1/schedules", json: body)
                #expect(response.status == status, "\(body): \(String(buffer: response.body))")
                #expect(String(buffer: response.body).contains("\"error\""))
            }
            #expect(try await fixture.store.schedules().isEmpty)
            // The same for a job: no member is nullable.
            let nullJob = try await caller.admin(.post, "/admin/v1/jobs", json: #"{"task":"mf","rounds":3,"items":20,"epsilon":null}"#)
            #expect(nullJob.status == .badRequest && String(buffer: nullJob.body).contains("null"))
            #expect(try await caller.admin(.post, "/admin/v1/schedules", token: "wrong-token-0123456789",
                                           json: #"{"task":"mf","rounds":3,"items":20}"#).status == .unauthorized)

            let created = try await caller.admin(.post, "/admin/v1/schedules",
                                                 json: #"{"task":"mf","rounds":3,"items":20,"startAt":"2030-01-01T02:00:00Z","repeatEverySeconds":604800}"#)
            #expect(created.status == .created)
            let status = try RequestJSON.decoder.decode(ScheduleStatus.self, from: Data(buffer: created.body))
            #expect(status.state == .active && status.runs == 0 && status.repeatEverySeconds == 604_800)
            #expect(status.nextAt == ISO8601DateFormatter().date(from: "2030-01-01T02:00:00Z"))
            let listed = try RequestJSON.decoder.decode([ScheduleStatus].self, from: Data(buffer: try await caller.admin(.get, "/admin/v1/schedules").body))
            #expect(listed == [status])

            #expect(try await caller.admin(.post, "/admin/v1/schedules/\(String(repeating: "0", count: 32))/cancel").status == .notFound)
            #expect(try await caller.admin(.post, "/admin/v1/schedules/not-an-id/cancel").status == .notFound)
            let cancelled = try await caller.admin(.post, "/admin/v1/schedules/\(status.id)/cancel")
            #expect(cancelled.status == .ok)
            #expect(try RequestJSON.decoder.decode(ScheduleStatus.self, from: Data(buffer: cancelled.body)).state == .cancelled)
            #expect(try await caller.admin(.post, "/admin/v1/schedules/\(status.id)/cancel").status == .ok)
        }
        let actions = try await fixture.store.auditEntries().compactMap { $0.payload?.action }
        #expect(actions.contains("admin.schedule.create") && actions.contains("admin.schedule.cancel") && actions.contains("schedule.cancelled"))
        await fixture.close()
    }

    @Test("A repeating schedule starts its job when due, waits while a job runs, and starts it again at the next run")
    func repeatingRuns() async throws {
        let fixture = try await CoordinatorFixture.make(noise: false)
        defer { fixture.remove() }
        let service = ScheduleService(store: fixture.store, engine: fixture.coordinator.engine, logger: Logger(label: "test"))
        let job = StartJobRequest(task: .mf, rounds: 1, items: TestPopulation.items, factors: 2, samplingRate: 1)
        let start = Date()
        let schedule = try await fixture.store.createSchedule(specification: try ScheduleService.encode(job), nextAt: start,
                                                              everyMilliseconds: 3_600_000)
        try await fixture.coordinator.application().test(.router) { client in
            let transport = RouterTransport(client: client)
            var devices: [Device] = []
            for user in 0..<6 {
                let (device, subject) = try await TestPopulation.device(user, transport: transport, policy: fixture.store.policy)
                try await device.enrol(subject, via: transport)
                try await device.setConsent(purpose: "recommendations", granted: true)
                devices.append(device)
            }
            let flag = DeviceFleet.StopFlag()
            async let fleet: Void = DeviceFleet.run(devices, until: flag)
            try await service.startDueRun(now: start)
            let first = await fixture.coordinator.engine.jobStatus()?.id
            #expect(first != nil)
            // Due again (an hour later) while the first job may still run: it waits, then starts.
            var second: String?
            let deadline = ContinuousClock.now + .seconds(300)
            while second == nil, ContinuousClock.now < deadline {
                try await service.startDueRun(now: start.addingTimeInterval(3_601))
                let current = await fixture.coordinator.engine.jobStatus()?.id
                if current != first { second = current } else { try await Task.sleep(for: .milliseconds(50)) }
            }
            // It started only once the first job had ended.
            let jobs = try await fixture.store.jobs()
            let ended = try #require(jobs.first { $0.id == first }?.finishedAt)
            let began = try #require(jobs.first { $0.id == second }?.startedAt)
            #expect(ended <= began)
            while await fixture.coordinator.engine.isJobRunning { try await Task.sleep(for: .milliseconds(50)) }
            // Not due yet: nothing starts.
            try await service.startDueRun(now: start.addingTimeInterval(3_602))
            #expect(await fixture.coordinator.engine.jobStatus()?.id == second)
            await flag.stop()
            await fleet
            for device in devices { await device.close() }
        }
        let stored = try #require(try await fixture.store.schedules().first { $0.id == schedule.id })
        #expect(stored.runs == 2 && stored.state == .active && stored.lastError == nil)
        // Stored to the millisecond.
        #expect(abs((stored.nextAt ?? .distantPast).timeIntervalSince(start.addingTimeInterval(7_200))) < 0.002)
        let jobs = try await fixture.store.jobs()
        #expect(jobs.count == 2 && jobs.allSatisfy { $0.state == .completed })
        await fixture.close()
    }

    @Test("A run that cannot start records why; a one-off is then done")
    func failedRun() async throws {
        let fixture = try await CoordinatorFixture.make()
        defer { fixture.remove() }
        let service = ScheduleService(store: fixture.store, engine: fixture.coordinator.engine, logger: Logger(label: "test"))
        let job = StartJobRequest(task: .mf, rounds: 1, items: TestPopulation.items, factors: 2)
        _ = try await fixture.store.createSchedule(specification: try ScheduleService.encode(job), nextAt: Date(), everyMilliseconds: nil)
        // No device consents: the plan cannot reach the policy's minimum cohort.
        try await service.startDueRun(now: Date())
        let stored = try #require(try await fixture.store.schedules().first)
        #expect(stored.state == .done && stored.runs == 0 && stored.nextAt == nil)
        #expect((stored.lastError ?? "").contains("cohort"), "\(stored.lastError ?? "")")
        #expect(await fixture.coordinator.engine.jobStatus() == nil)
        await fixture.close()
    }
}
