import ConfideAudit
import ConfideClient
@testable import ConfideCoordinator
import ConfideCrypto
import ConfideML
import ConfideProtocol
import ConfideStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@Suite("Training scenarios")
struct TrainingScenarioTests {
    @Test("Without noise, secure aggregation over HTTP reproduces plain-sum training to quantization precision",
          arguments: MFMethod.allCases)
    func matchesPlainSums(method: MFMethod) async throws {
        let fixture = try await CoordinatorFixture.make(noise: false)
        defer { fixture.remove() }
        let (status, data, _) = try await EndToEndRouterTests.train(fixture, devices: 8, job: StartJobRequest(
            task: .mf, rounds: 3, items: TestPopulation.items, factors: 3, method: method, samplingRate: 1))
        #expect(status.state == .completed, "\(status.reason ?? "")")
        var reference = try MFJob(items: TestPopulation.items, factors: 3, rounds: 3, method: method, seed: 0)
        while let planned = try reference.nextRound() {
            var sum = [Double](repeating: 0, count: planned.work.vectorLength)
            for device in data {
                let update = try DeviceWorker.update(for: planned.work, parameters: planned.parameters, data: device)
                for index in sum.indices { sum[index] += update[index] }
            }
            _ = try reference.absorb(sum: sum)
        }
        let stored = try #require(try await fixture.store.latestModel(task: .eval))
        let published = try ModelDocument(verifying: stored.parameters, with: fixture.keys.signingKey.publicKey)
        let expected = reference.publishedModel().parameters
        #expect(published.parameters.count == expected.count)
        let largest = zip(published.parameters, expected).map { abs($0 - $1) }.max() ?? .infinity
        #expect(largest < 1e-4, "largest difference \\(largest)")
        await fixture.close()
    }

    @Test("Devices dropping after ShareKeys or after MaskedInput do not stop a round; the dropped are not recorded")
    func dropouts() async throws {
        let fixture = try await CoordinatorFixture.make()
        defer { fixture.remove() }
        let chosen = Mutex(DropoutChoice())
        let (status, _, devices) = try await EndToEndRouterTests.train(fixture, devices: 9, job: StartJobRequest(
            task: .kmeans, features: .movieLensUser, rounds: 2, clusters: 2, samplingRate: 1),
            dropout: { device in chosen.withLock { $0.point(for: device) } })
        #expect(status.state == .completed, "\(status.reason ?? "")")
        #expect(status.rounds.allSatisfy { $0.outcome == "completed" })
        #expect(status.rounds.allSatisfy { $0.dropped >= 1 })
        let silent = try #require(chosen.withLock { $0.silent })
        let participations = try await fixture.store.allParticipations()
        #expect(!participations.contains { $0.deviceID == silent.rawValue }, "a device that sent no input was recorded")
        #expect(Set(participations.map(\.deviceID)).count == devices.count - 1)
        await fixture.close()
    }

    @Test("Garbage from a device inside a round is refused and the round completes without it")
    func misbehavingDevice() async throws {
        let fixture = try await CoordinatorFixture.make()
        defer { fixture.remove() }
        let (status, _, _) = try await EndToEndRouterTests.train(fixture, devices: 5, job: StartJobRequest(
            task: .kmeans, features: .movieLensUser, rounds: 1, clusters: 2, samplingRate: 1), during: { _, client in
            let attacker = try SignedCaller(client: client)
            #expect(try await attacker.register(subject: "attacker").status == .created)
            for purpose in ["segmentation", "recommendations"] {
                _ = try await attacker.signed(.post, Routes.consent, body: Array(
                    #"{"purpose":"\#(purpose)","granted":true,"channel":"app","method":"toggle"}"#.utf8))
            }
            // Wait to be invited into a round.
            var ticket: RoundTicket?
            while ticket == nil {
                let answer = try await attacker.signed(.post, Routes.checkIn)
                ticket = try JSONDecoder().decode(CheckInResponse.self, from: Data(answer.body.readableBytesView)).round
            }
            let round = ticket!.roundID
            #expect(try await attacker.signed(.post, Routes.advertise(round), body: [1, 2, 3]).status == .badRequest)
            #expect(try await attacker.signed(.post, Routes.advertise(round), body: Array(repeating: 0, count: 200)).status == .badRequest)
            let garbage = try SealedBox.seal(Array(repeating: 9, count: 64), to: fixture.coordinator.keys.sealing.publicKey)
            let input = try await attacker.signed(.post, Routes.input(round), body: garbage)
            #expect(input.status.code >= 400 && input.status.code < 500)
            #expect(try await attacker.signed(.post, Routes.input(round), body: [0, 1]).status == .badRequest)
        })
        #expect(status.state == .completed, "\(status.reason ?? "")")
        #expect(status.rounds.filter { $0.outcome == "completed" }.count == status.plannedRounds)
        await fixture.close()
    }

    @Test("A device whose user withdraws consent mid-training leaves, and the audit shows no participation after it")
    func consentWithdrawal() async throws {
        let fixture = try await CoordinatorFixture.make()
        defer { fixture.remove() }
        let withdrawnAt = Mutex<Date?>(nil)
        let (status, _, devices) = try await EndToEndRouterTests.train(fixture, devices: 8, job: StartJobRequest(
            task: .mf, rounds: 4, items: TestPopulation.items, factors: 3, samplingRate: 1), during: { devices, _ in
            while (await fixture.coordinator.engine.jobStatus()?.rounds.count ?? 0) < 2 {
                try await Task.sleep(for: .milliseconds(20))
            }
            try await devices[3].setConsent(purpose: "recommendations", granted: false)
            withdrawnAt.withLock { $0 = Date() }
        })
        #expect(status.state == .completed, "\(status.reason ?? "")")
        let cutoff = try #require(withdrawnAt.withLock { $0 })
        let leaver = devices[3].rawValue
        let participations = try await fixture.store.allParticipations().filter { $0.deviceID == leaver }
        #expect(!participations.isEmpty, "the device took part before withdrawing")
        #expect(participations.allSatisfy { $0.recordedAt <= cutoff.addingTimeInterval(1) })
        let report = try await PolicyAuditor(store: fixture.store, policy: fixture.store.policy).run()
        #expect(!report.findings.contains { $0.code.rawValue.hasPrefix("CONSENT_") }, "\(report.findings.map(\.code))")
        await fixture.close()
    }

    @Test("Erasure reaches the subject's device: it wipes itself and is refused afterwards")
    func erasureWipes() async throws {
        let fixture = try await CoordinatorFixture.make()
        defer { fixture.remove() }
        try await fixture.coordinator.application().test(.router) { client in
            let transport = RouterTransport(client: client)
            let (device, subject) = try await TestPopulation.device(0, transport: transport, policy: fixture.store.policy)
            try await device.enrol(subject, via: transport)
            try await device.setConsent(purpose: "recommendations", granted: true)
            let caller = try SignedCaller(client: client)
            let erase = try await caller.admin(.post, "/admin/v1/subjects/erase", json: #"{"subject":"\#(subject)"}"#)
            #expect(erase.status == .ok)
            #expect(try await device.step() == .wiped)
            #expect(await device.isWiped)
            let record = try #require(try await fixture.store.device(device.id.rawValue))
            #expect(record.status == .wiped && record.subject == nil)
            // The wiped device's key is forgotten and its id refused.
            await #expect(throws: ClientError.self) { try await device.step() }
            let export = try await caller.admin(.post, "/admin/v1/subjects/export", json: #"{"subject":"\#(subject)"}"#)
            #expect(!String(buffer: export.body).contains(device.id.rawValue))
        }
        await fixture.close()
    }
}

/// Picks, once, one device that goes silent after ShareKeys and one that vanishes after
/// sending its masked input, in every round.
struct DropoutChoice {
    var silent: DeviceID?
    var late: DeviceID?

    mutating func point(for device: DeviceID) -> DropoutPoint? {
        if silent == nil { silent = device }
        if late == nil, device != silent { late = device }
        if device == silent { return .afterShareKeys }
        if device == late { return .afterMaskedInput }
        return nil
    }
}
