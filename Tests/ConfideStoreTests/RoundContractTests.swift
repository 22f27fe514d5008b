import ConfideTestSupport
import ConfidePolicy
@testable import ConfideStore
import Foundation
import Testing

/// What the coordinator relies on to survive restarts: a round's result is applied once, atomically.
@Suite struct RoundContractTests {
    static func devices(_ store: ConfideStore, count: Int) async throws -> [Participant] {
        var participants: [Participant] = []
        for index in 0..<count {
            let subject = try store.pseudonym(for: "member-\(index)")
            try await store.registerDevice("dev-\(index)", subject: subject, publicKey: try Fixtures.devicePublicKey())
            participants.append(Participant(deviceID: "dev-\(index)", subject: subject))
        }
        return participants
    }

    @Test(arguments: Backend.all)
    func completingARoundAppliesItsResultOnceAndAtomically(_ backend: Backend) async throws {
        try await Fixtures.withStore(backend) { store, _ in
            let participants = try await Self.devices(store, count: 5)
            let initial = try await store.publishInitialModel(task: .kmeans, parameters: [0], signature: [9], at: Fixtures.day(0))
            #expect(initial.version == 0)
            let round = try await store.beginRound(task: .kmeans, cohortSize: 5, baseVersion: 0, stage: "advertise", at: Fixtures.day(1))
            #expect(round.purpose == "segmentation" && round.state == .open)
            try await store.updateRound(round.id, stage: "unmask", cohortSize: 4, checkpoint: [1, 2, 3])
            #expect(try await store.roundCheckpoint(round.id) == [1, 2, 3])
            #expect(try await store.openRounds().map(\.id) == [round.id])

            let model = try await store.completeRound(round.id, cohortSize: 4, epsilon: 0.5, participants: Array(participants.prefix(4)),
                                                      parameters: [7, 7], signature: [8], at: Fixtures.day(2))
            #expect(model.version == 1 && model.roundID == round.id)
            #expect(try await store.latestModel(task: .kmeans)?.parameters == [7, 7])
            let done = try #require(try await store.round(round.id))
            #expect(done.state == .completed && done.modelVersion == 1 && done.epsilon == 0.5 && done.cohortSize == 4)
            #expect(try await store.roundCheckpoint(round.id) == nil)
            let recorded = try await store.participations(inRound: round.id)
            #expect(recorded.count == 4 && recorded.allSatisfy { $0.purpose == "segmentation" && $0.epsilon == 0.5 && $0.modelVersion == 1 })
            #expect(recorded.allSatisfy { $0.recordedAt == Fixtures.day(2) && $0.task == .kmeans })

            // After a restart the coordinator may try again: nothing is applied twice.
            let again = await #expect(throws: StoreError.self) {
                try await store.completeRound(round.id, cohortSize: 4, epsilon: 0.5, participants: participants,
                                              parameters: [6], signature: [6])
            }
            #expect(again?.kind == .conflict)
            #expect(try await store.latestModel(task: .kmeans)?.version == 1)
            #expect(try await store.allParticipations().count == 4)
            #expect(try await store.epsilonSpent() == 0.5)
            #expect(try await store.epsilonSpent(purpose: "recommendations") == 0)
            #expect(try await store.openRounds().isEmpty)
        }
    }

    @Test(arguments: Backend.all)
    func abortedAndStaleRoundsApplyNothing(_ backend: Backend) async throws {
        try await Fixtures.withStore(backend) { store, _ in
            let participants = try await Self.devices(store, count: 2)
            try await store.publishInitialModel(task: .mf, parameters: [0], signature: [0])
            let stale = try await store.beginRound(task: .mf, cohortSize: 2, baseVersion: 0)
            let aborted = try await store.beginRound(task: .mf, cohortSize: 2, baseVersion: 0)
            let winner = try await store.beginRound(task: .mf, cohortSize: 2, baseVersion: 0)
            try await store.abortRound(aborted.id, reason: "restart")
            try await store.abortRound(aborted.id, reason: "restart")
            let afterAbort = await #expect(throws: StoreError.self) {
                try await store.completeRound(aborted.id, cohortSize: 2, epsilon: 0.1, participants: participants, parameters: [1], signature: [1])
            }
            #expect(afterAbort?.kind == .conflict)
            try await store.completeRound(winner.id, cohortSize: 2, epsilon: 0.1, participants: participants, parameters: [2], signature: [2])
            // The stale round started from version 0, which is no longer the latest.
            let moved = await #expect(throws: StoreError.self) {
                try await store.completeRound(stale.id, cohortSize: 2, epsilon: 0.1, participants: participants, parameters: [3], signature: [3])
            }
            #expect(moved?.kind == .conflict)
            #expect(try await store.round(stale.id)?.state == .open)
            #expect(try await store.latestModel(task: .mf)?.parameters == [2])
            #expect(try await store.allParticipations().count == 2)
            let completedAbort = await #expect(throws: StoreError.self) { try await store.abortRound(winner.id, reason: "late") }
            #expect(completedAbort?.kind == .conflict)
            let initialAgain = await #expect(throws: StoreError.self) { try await store.publishInitialModel(task: .mf, parameters: [], signature: []) }
            #expect(initialAgain?.kind == .conflict)
        }
    }

    @Test(arguments: Backend.all)
    func participantsErasedMidRoundAreNotRecorded(_ backend: Backend) async throws {
        try await Fixtures.withStore(backend) { store, _ in
            let participants = try await Self.devices(store, count: 3)
            let round = try await store.beginRound(task: .stats, cohortSize: 3, baseVersion: nil)
            try await store.erase(subject: participants[1].subject)
            try await store.completeRound(round.id, cohortSize: 3, epsilon: 0.2, participants: participants, parameters: [], signature: [])
            let recorded = try await store.participations(inRound: round.id)
            #expect(Set(recorded.map(\.deviceID)) == ["dev-0", "dev-2"])
            #expect(try await store.cellsContaining(participants[1].subject.value).isEmpty)
        }
    }

    @Test(arguments: Backend.all)
    func aDeviceKeepsItsOwnLedgerOfRoundsJoined(_ backend: Backend) async throws {
        try await Fixtures.withStore(backend) { store, _ in
            let subject = try store.pseudonym(for: "device-owner")
            for _ in 0..<2 {
                try await store.recordParticipation(roundID: "r1", deviceID: "me", subject: subject, task: .kmeans, modelVersion: 3,
                                                    epsilon: 0.3, at: Fixtures.day(1))
            }
            try await store.recordParticipation(roundID: "r2", deviceID: "me", subject: subject, task: .mf, modelVersion: 1,
                                                epsilon: 0.2, at: Fixtures.day(2))
            let export = try await store.export(subject: subject, recordRequest: false)
            #expect(export.participations.map(\.roundID) == ["r1", "r2"])
            #expect(export.epsilonSpent == ["segmentation": 0.3, "recommendations": 0.2])
        }
    }
}
