import ConfideClient
import ConfideCoordinator
import ConfideML
import ConfideProtocol
import ConfideStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Federated training end to end, through the router")
struct EndToEndRouterTests {
    /// Registers `count` devices, grants both purposes, runs `job` until it ends and returns its status.
    /// Enrols `count` devices (users from `firstUser`), starts `job` (or, when `nil`, follows
    /// the job the coordinator is already running) and runs the devices until it ends.
    static func train(_ fixture: CoordinatorFixture, devices count: Int, firstUser: Int = 0, job: StartJobRequest?,
                      dropout: @escaping @Sendable (DeviceID) -> DropoutPoint? = { _ in nil },
                      malicious: [Int: DeviceMisbehaviour] = [:],
                      during: @escaping @Sendable ([Device], any TestClientProtocol) async throws -> Void = { _, _ in })
        async throws -> (status: JobStatus, data: [DeviceData], devices: [DeviceID]) {
        let app = fixture.coordinator.application()
        return try await app.test(.router) { client in
            let transport = RouterTransport(client: client)
            var devices: [Device] = []
            var data: [DeviceData] = []
            for user in firstUser..<(firstUser + count) {
                let (device, subject, prepared) = try await TestPopulation.deviceWithData(user, transport: transport,
                                                                                         policy: fixture.store.policy)
                try await device.enrol(subject, via: transport)
                try await device.setConsent(purpose: "segmentation", granted: true)
                try await device.setConsent(purpose: "recommendations", granted: true)
                if let how = malicious[user - firstUser] { await device.misbehave(how) }
                devices.append(device)
                data.append(prepared)
            }
            let flag = DeviceFleet.StopFlag()
            async let fleet: Void = DeviceFleet.run(devices, until: flag, dropout: dropout)
            // Whatever fails, the fleet stops and every device's store is closed.
            var failure: (any Error)?
            do {
                if let job { _ = try await fixture.coordinator.engine.startJob(job) }
                try await during(devices, client)
                while await fixture.coordinator.engine.jobStatus()?.state == .running {
                    try await Task.sleep(for: .milliseconds(50))
                }
            } catch {
                failure = error
                await fixture.coordinator.engine.shutdown()
            }
            await flag.stop()
            await fleet
            for device in devices { await device.close() }
            if let failure { throw failure }
            return (try #require(await fixture.coordinator.engine.jobStatus()), data, devices.map(\.id))
        }
    }

    @Test("Over HTTP a K-Means job sweeps k and trains its pick; the next K-Means job counts how devices moved from it")
    func kmeansSweepThenDrift() async throws {
        let fixture = try await CoordinatorFixture.make()
        defer { fixture.remove() }
        let engine = fixture.coordinator.engine
        @Sendable func finish() async throws -> JobStatus {
            while await engine.jobStatus()?.state == .running { try await Task.sleep(for: .milliseconds(50)) }
            return try #require(await engine.jobStatus())
        }
        let sweep = StartJobRequest(task: .kmeans, features: .movieLensUser, rounds: 2, samplingRate: 1, clustersFrom: 2, clustersTo: 4)
        let retrain = StartJobRequest(task: .kmeans, features: .movieLensUser, rounds: 2, clusters: 2, samplingRate: 1, seed: 7)
        let collected = JobStatuses()
        _ = try await Self.train(fixture, devices: 8, job: nil, during: { _, _ in
            _ = try await engine.startJob(sweep)
            await collected.append(try await finish())
            await collected.note(version: try #require(try await fixture.store.latestModel(task: .kmeans)).version)
            _ = try await engine.startJob(retrain)
            await collected.append(try await finish())
        })
        let all = await collected.all
        let (swept, retrained) = (all[0], all[1])
        let firstVersion = await collected.version.map { String($0) }
        #expect(swept.state == .completed && retrained.state == .completed, "\(swept.reason ?? "") \(retrained.reason ?? "")")
        let recommended = try #require(swept.results["k_recommended"].flatMap(Int.init))
        #expect((2...4).contains(recommended) && swept.results["clusters"] == String(recommended))
        #expect(swept.rounds.count == swept.plannedRounds && swept.results["drift_from_version"] == nil)
        // The sweep's round is replaced by the drift count: the same number of rounds planned, all run.
        #expect(retrained.plannedRounds == swept.plannedRounds && retrained.rounds.count == retrained.plannedRounds)
        #expect(retrained.results["drift_from_version"] == firstVersion)
        let share = try #require(retrained.results["drift_share_changed"].flatMap(Double.init))
        #expect((0...1).contains(share))
        let latest = try #require(try await fixture.store.latestModel(task: .kmeans))
        let document = try ModelDocument(verifying: latest.parameters, with: fixture.coordinator.keys.identity.publicKey)
        #expect(document.header.metadata["drift_transitions"]?.split(separator: ",").count == recommended * 2)
        await fixture.close()
    }

    @Test("A K-Means job runs every round with secure aggregation and records each participation")
    func kmeans() async throws {
        let fixture = try await CoordinatorFixture.make()
        defer { fixture.remove() }
        let status = try await Self.train(fixture, devices: 8, job: StartJobRequest(
            task: .kmeans, features: .movieLensUser, rounds: 2, clusters: 2, samplingRate: 1)).status
        #expect(status.state == .completed, "\(status.reason ?? "")")
        // Statistics, the sketch rounds, then two Lloyd rounds; nothing aborted or dropped.
        #expect(status.rounds.count == status.plannedRounds && status.plannedRounds >= 4)
        #expect(status.rounds.allSatisfy { $0.outcome == "completed" && $0.cohort == 8 && $0.dropped == 0 })
        let participations = try await fixture.store.allParticipations()
        #expect(participations.count == 8 * status.plannedRounds)
        let spent = try await fixture.coordinator.engine.epsilonSpent()
        #expect(spent > 0 && spent <= 60)
        #expect(abs(try await fixture.store.epsilonSpent() - spent) < 1e-9)
        #expect(try await fixture.store.latestModel(task: .kmeans) != nil)
        #expect(try await fixture.store.verify().isIntact)
        await fixture.close()
    }
}

/// Job statuses (and a model version) collected inside a fleet's run.
actor JobStatuses {
    private(set) var all: [JobStatus] = []
    private(set) var version: Int64?
    func append(_ status: JobStatus) { all.append(status) }
    func note(version: Int64) { self.version = version }
}
