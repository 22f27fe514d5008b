import ConfideClient
import ConfideCoordinator
import ConfideProtocol
import ConfideStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@Suite("A coordinator restarted mid-round")
struct RestartTests {
    @Test("The open round is aborted, nothing of it is applied, and the job continues from its last completed round")
    func restartMidRound() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("confide-restart-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try await CoordinatorFixture.make(noise: false, stageTimeout: .seconds(60), storeFolder: folder)
        let stall = Switch()
        let (openRound, jobID, firstMetrics): (String, String, [Double?]) = try await first.coordinator.application().test(.router) { client in
            let transport = RouterTransport(client: client)
            var devices: [Device] = []
            for user in 0..<6 {
                let (device, subject) = try await TestPopulation.device(user, transport: transport, policy: first.store.policy)
                try await device.enrol(subject, via: transport)
                try await device.setConsent(purpose: "recommendations", granted: true)
                devices.append(device)
            }
            let started = try await first.coordinator.engine.startJob(StartJobRequest(task: .mf, rounds: 4, items: TestPopulation.items,
                                                                                     factors: 3, samplingRate: 1))
            let flag = DeviceFleet.StopFlag()
            // After two rounds, every device goes silent after ShareKeys: the round hangs mid-way.
            async let fleet: Void = DeviceFleet.run(devices, until: flag,
                                                   dropout: { _ in stall.isOn ? .afterShareKeys : nil })
            while (await first.coordinator.engine.jobStatus()?.rounds.count ?? 0) < 2 { try await Task.sleep(for: .milliseconds(20)) }
            stall.turnOn()
            let before = Set(try await first.store.rounds().map(\.id))
            // A round that began after the stall, once its devices have sent their shares.
            var open: [RoundRecord] = []
            while open.isEmpty {
                try await Task.sleep(for: .milliseconds(20))
                open = try await first.store.openRounds().filter { !before.contains($0.id) && $0.stage == "receipt" }
            }
            // The crash, at once: nothing more from the first coordinator reaches the database
            // (devices still in the round wait for it to end, so stopping them first would let
            // the first coordinator time the round out; a device that checked in just before
            // the stall can be in it with its input sent).
            await first.store.close()
            // Its in-memory round goes with it, so waiting devices are released.
            await first.coordinator.engine.shutdown()
            await flag.stop()
            await fleet
            for device in devices { await device.close() }
            let metrics = (await first.coordinator.engine.jobStatus()?.rounds ?? []).filter { $0.outcome == "completed" }.map(\.metric)
            return (try #require(open.first?.id), try #require(started.id), metrics)
        }
        // Before a second coordinator starts on the same database, the crashed run's devices
        // are gone for good: their users withdraw, so the job waits for new devices.
        try await CoordinatorFixture.withStore(folder: folder, keys: first.keys) { store in
            for user in 0..<6 {
                try await store.withdrawConsent(subject: store.pseudonym(for: "user-\(user)"), purpose: "recommendations",
                                                channel: "app", method: "toggle")
            }
        }
        // The second coordinator aborts the open round and continues the same job.
        let second = try await CoordinatorFixture.make(noise: false, storeFolder: folder, keys: first.keys)
        let aborted = try #require(try await second.store.round(openRound))
        #expect(aborted.state == .aborted && (aborted.reason ?? "").contains("restarted"), "\(aborted.reason ?? "")")
        #expect(try await second.store.participations(inRound: openRound).isEmpty)
        let resumed = try #require(await second.coordinator.engine.jobStatus())
        #expect(resumed.id == jobID && resumed.state == .running)
        #expect(resumed.rounds.contains { $0.roundID == openRound && $0.outcome == "aborted" })
        let completedBefore = resumed.rounds.filter { $0.outcome == "completed" }
        #expect(completedBefore.count >= 2)
        #expect(completedBefore.map(\.metric) == firstMetrics.prefix(completedBefore.count).map { $0 },
                "the continued job's history reproduces the metrics the first coordinator measured")

        let (status, _, _) = try await EndToEndRouterTests.train(second, devices: 6, firstUser: 10, job: nil)
        #expect(status.state == .completed, "\(status.reason ?? "")")
        #expect(status.id == jobID)
        // The job ran its planned rounds in all, across both coordinators, each applied once:
        // each completed MF-task round added exactly one model version, the aborted one none.
        let completed = try await second.store.jobRounds(jobID).filter { $0.round.state == .completed }
        #expect(completed.count == status.plannedRounds)
        #expect(try await second.store.round(openRound)?.state == .aborted)
        let mfRounds = completed.filter { $0.round.task == .mf }.count
        #expect(try await second.store.latestModel(task: .mf)?.version == Int64(mfRounds - 1))
        await second.close()
    }
}

/// A thread-safe on/off switch shared with device tasks.
final class Switch: Sendable {
    private let state = Mutex(false)
    var isOn: Bool { state.withLock { $0 } }
    func turnOn() { state.withLock { $0 = true } }
}
