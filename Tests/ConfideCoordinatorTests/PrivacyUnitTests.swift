import ConfideClient
@testable import ConfideCoordinator
import ConfideCrypto
import ConfideProtocol
@testable import ConfideStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("The person is the privacy unit; devices learn only what they need")
struct PrivacyUnitTests {
    static func device(_ id: Int, subject: String, registeredAt: Date = Date()) throws -> DeviceRecord {
        let key = try IdentityKey().publicKey
        return DeviceRecord(deviceID: "device-\(id)", subject: Pseudonym(unchecked: subject), publicKey: Hex.encode(key.bytes),
                            registeredAt: registeredAt, status: .active, wipeRequestedAt: nil, wipeConfirmedAt: nil)
    }

    @Test("A subject joins through their newest device: a replaced phone that stays registered is never drawn")
    func newestDevicePerSubject() throws {
        var eligible: [DeviceRecord] = []
        for subject in 0..<40 {
            // The newest device is listed first for half the subjects, last for the others.
            let devices = try (0..<3).map { age in
                try Self.device(subject * 10 + age, subject: "subject-\(subject)", registeredAt: Date(timeIntervalSince1970: Double(1_000 - age)))
            }
            eligible += subject % 2 == 0 ? devices : devices.reversed()
        }
        for _ in 0..<5 {
            let chosen = try RoundEngine.sampleCohort(eligible, rate: 1).map(\.0.deviceID)
            #expect(chosen.count == 40 && chosen.allSatisfy { Int($0.dropFirst(7))! % 10 == 0 }, "\(chosen)")
        }
    }

    @Test("Cohort sampling takes at most one device per subject, and every sampled subject once")
    func oneDevicePerSubject() throws {
        var eligible: [DeviceRecord] = []
        for subject in 0..<40 {
            for copy in 0..<(1 + subject % 4) { eligible.append(try Self.device(subject * 10 + copy, subject: "subject-\(subject)")) }
        }
        for _ in 0..<5 {
            let cohort = try RoundEngine.sampleCohort(eligible, rate: 1)
            let subjects = cohort.compactMap { $0.0.subject }
            #expect(cohort.count == 40 && Set(subjects).count == 40)
        }
        // At a rate of one half, about half the subjects (not half the devices) are drawn.
        let sizes = try (0..<200).map { _ in try RoundEngine.sampleCohort(eligible, rate: 0.5).count }
        let mean = Double(sizes.reduce(0, +)) / Double(sizes.count)
        #expect(abs(mean - 20) < 2, "mean cohort \(mean)")
    }

    @Test("A subject with two devices joins each round with one of them")
    func trainingWithTwoDevices() async throws {
        let fixture = try await CoordinatorFixture.make()
        defer { fixture.remove() }
        let (status, _, _) = try await EndToEndRouterTests.train(fixture, devices: 6, job: StartJobRequest(
            task: .mf, rounds: 2, items: TestPopulation.items, factors: 3, samplingRate: 1), during: { _, client in
            // A second device of user-0, with consent: it is eligible, but its subject already is.
            let transport = RouterTransport(client: client)
            let (twin, subject) = try await TestPopulation.device(0, transport: transport, policy: fixture.store.policy)
            try await twin.enrol(subject, via: transport)
            try await twin.setConsent(purpose: "recommendations", granted: true)
            let flag = DeviceFleet.StopFlag()
            async let runs: Void = DeviceFleet.run([twin], until: flag, dropout: { _ in nil })
            while await fixture.coordinator.engine.jobStatus()?.state == .running { try await Task.sleep(for: .milliseconds(50)) }
            await flag.stop()
            await runs
            await twin.close()
        })
        #expect(status.state == .completed, "\(status.reason ?? "")")
        let participations = try await fixture.store.allParticipations()
        let perRound = Dictionary(grouping: participations, by: \.roundID)
        #expect(!perRound.isEmpty)
        for (_, rows) in perRound { #expect(Set(rows.map(\.subject)).count == rows.count, "a subject contributed twice to one sum") }
        await fixture.close()
    }

    @Test("Devices are told that a round was aborted, never why: the reason may concern another member")
    func abortReasonStaysWithAdmins() async throws {
        let fixture = try await CoordinatorFixture.make(stageTimeout: .seconds(30))
        defer { fixture.remove() }
        let secret = "consent of device 0123456789abcdef0123456789abcdef withdrawn"
        let told = LockedBox<StageStatus?>(nil)
        _ = try await EndToEndRouterTests.train(fixture, devices: 6, job: StartJobRequest(
            task: .mf, rounds: 1, items: TestPopulation.items, factors: 3, samplingRate: 1), during: { devices, _ in
            let engine = fixture.coordinator.engine
            var id: String?
            while id == nil {
                try await Task.sleep(for: .milliseconds(5))
                id = await engine.round?.id
            }
            await engine.abort(id!, reason: secret)
            told.set(try await engine.stage(devices[0].id, round: id!, after: nil))
        })
        let status = try #require(told.get())
        #expect(status.stage == "aborted")
        #expect(status.reason == RoundEngine.abortedForDevices)
        #expect(!(status.reason ?? "").contains("0123456789abcdef"))
        #expect(try await fixture.store.rounds().contains { $0.reason == secret }, "admins still see the real reason")
        await fixture.close()
    }
}

/// A value shared with a test's closures.
final class LockedBox<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func set(_ new: Value) { lock.withLock { value = new } }
    func get() -> Value { lock.withLock { value } }
}
