import ConfideAggregation
import ConfideCoordinator
import ConfideStore
import Foundation
import Testing

@Suite("ε is charged the moment a sum can exist")
struct ChargeBeforeUnmaskTests {
    @Test("A round charged and then interrupted by a crash is aborted on restart and still counts against the budget")
    func crashAfterCharge() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("confide-charge-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try await CoordinatorFixture.make(storeFolder: folder)
        var accountant = try PLDAccountant()
        try accountant.record(noiseMultiplier: 3, samplingRate: 0.5)
        let epsilon = try accountant.epsilon(delta: first.store.policy.training.delta)
        let round = try await first.store.beginRound(task: .mf, cohortSize: 10, baseVersion: nil)
        try await first.store.chargeRound(round.id, epsilon: epsilon, noiseMultiplier: 3, samplingRate: 0.5)
        // The crash: the round never completes.
        await first.store.close()

        let second = try await CoordinatorFixture.make(storeFolder: folder, keys: first.keys)
        let stored = try #require(try await second.store.round(round.id))
        #expect(stored.state == .aborted && stored.chargedAt != nil)
        let engineSpent = try await second.coordinator.engine.epsilonSpent()
        #expect(abs(engineSpent - epsilon) < 1e-9, "the restarted accountant forgot the charged round: \(engineSpent)")
        #expect(abs(try await second.store.epsilonSpent() - epsilon) < 1e-9)
        // A subject's export states the guarantee over every charged round.
        try await second.store.grantConsent(subject: second.store.pseudonym(for: "someone"), purpose: "recommendations",
                                            channel: "app", method: "toggle")
        let export = try await second.store.export(subject: second.store.pseudonym(for: "someone"))
        #expect(abs(export.privacyGuarantee.epsilon - epsilon) < 1e-9)
        #expect(export.privacyGuarantee.roundsCharged == 1 && export.privacyGuarantee.roundsJoined == 0)
        await first.coordinator.engine.shutdown()
        await second.close()
    }

    @Test("A round cannot be charged twice, nor after it ended")
    func chargeOnce() async throws {
        let fixture = try await CoordinatorFixture.make()
        defer { fixture.remove() }
        let round = try await fixture.store.beginRound(task: .mf, cohortSize: 10, baseVersion: nil)
        try await fixture.store.chargeRound(round.id, epsilon: 0.1, noiseMultiplier: 3, samplingRate: 0.5)
        await #expect(throws: StoreError.self) {
            try await fixture.store.chargeRound(round.id, epsilon: 0.1, noiseMultiplier: 3, samplingRate: 0.5)
        }
        try await fixture.store.abortRound(round.id, reason: "test")
        #expect(abs(try await fixture.store.epsilonSpent() - 0.1) < 1e-12)
        await fixture.close()
    }
}
