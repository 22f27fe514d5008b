import ConfideClient
@testable import ConfideCoordinator
import ConfideProtocol
import ConfideStore
import Testing

/// Enrolled devices that attack the protocol with well-formed, signed messages, in real
/// rounds over HTTP (the simulator's `--malicious`): one and three of them must not stop
/// training, and an update that skipped clipping must not be applied.
@Suite("Malicious devices in real rounds")
struct MaliciousDeviceTests {
    static let job = StartJobRequest(task: .kmeans, features: .movieLensUser, rounds: 2, clusters: 2, samplingRate: 1)

    @Test("Devices whose share envelopes do not open are left out; every round completes", arguments: [[0], [0, 4, 8]])
    func spoiledEnvelopes(_ attackers: [Int]) async throws {
        let fixture = try await CoordinatorFixture.make()
        defer { fixture.remove() }
        let (status, _, devices) = try await EndToEndRouterTests.train(
            fixture, devices: 12, job: Self.job, malicious: Dictionary(uniqueKeysWithValues: attackers.map { ($0, .spoilEnvelopes) }))
        #expect(status.state == .completed, "\(status.reason ?? "")")
        #expect(status.rounds.allSatisfy { $0.outcome == "completed" }, "\(status.rounds.map { $0.reason ?? $0.outcome })")
        let recorded = Set(try await fixture.store.allParticipations().map(\.deviceID))
        for attacker in attackers { #expect(!recorded.contains(devices[attacker].rawValue)) }
        #expect(recorded.count == 12 - attackers.count)
        await fixture.close()
    }

    @Test("Devices revealing wrong shares do not stop a round; the sum is still exact enough to train", arguments: [[0], [0, 4, 8]])
    func wrongShares(_ attackers: [Int]) async throws {
        let fixture = try await CoordinatorFixture.make()
        defer { fixture.remove() }
        let (status, _, _) = try await EndToEndRouterTests.train(
            fixture, devices: 12, job: Self.job, malicious: Dictionary(uniqueKeysWithValues: attackers.map { ($0, .wrongShares) }))
        #expect(status.state == .completed, "\(status.reason ?? "")")
        #expect(status.rounds.allSatisfy { $0.outcome == "completed" }, "\(status.rounds.map { $0.reason ?? $0.outcome })")
        await fixture.close()
    }

    @Test("An update that skipped clipping makes the sum implausible: the round aborts and nothing is applied")
    func unclippedUpdate() async throws {
        let fixture = try await CoordinatorFixture.make()
        defer { fixture.remove() }
        let (status, _, _) = try await EndToEndRouterTests.train(fixture, devices: 8, job: Self.job, malicious: [3: .unclippedUpdate])
        #expect(status.state != .completed)
        let aborted = status.rounds.filter { $0.outcome == "aborted" }
        #expect(!aborted.isEmpty)
        #expect(aborted.allSatisfy { ($0.reason ?? "").contains("did not clip") }, "\(aborted.map { $0.reason ?? "" })")
        #expect(try await fixture.store.allParticipations().isEmpty)
        #expect(!status.rounds.contains { $0.outcome == "completed" })
        await fixture.close()
    }
}
