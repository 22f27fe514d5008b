import ConfideTestSupport
import ConfideCrypto
import ConfidePolicy
@testable import ConfideStore
import Foundation
import Testing

/// GDPR access and erasure: the export holds everything, the erasure leaves nothing.
@Suite struct ExportErasureContractTests {
    /// Gives `subject` data in every table: records of every kind, consent, a device, a
    /// completed round with a participation, and an open access request.
    static func populate(_ store: ConfideStore, subjectID: String, tag: String) async throws -> (Pseudonym, String) {
        let subject = try store.pseudonym(for: subjectID)
        for (kind, record) in Fixtures.records(tag: tag) {
            try await store.ingest(record, kind: kind, subject: subject, at: Fixtures.day(1))
        }
        try await store.grantConsent(subject: subject, purpose: "recommendations", channel: "app", method: "checkbox", at: Fixtures.day(1))
        try await store.grantConsent(subject: subject, purpose: "segmentation", channel: "app", method: "checkbox", at: Fixtures.day(1))
        try await store.withdrawConsent(subject: subject, purpose: "segmentation", channel: "web", method: "toggle", at: Fixtures.day(2))
        let deviceID = "device-\(tag)"
        try await store.registerDevice(deviceID, subject: subject, publicKey: try Fixtures.devicePublicKey(), at: Fixtures.day(1))
        let round = try await store.beginRound(task: .mf, cohortSize: 1, baseVersion: nil, at: Fixtures.day(3))
        try await store.completeRound(round.id, cohortSize: 1, epsilon: 0.25, participants: [Participant(deviceID: deviceID, subject: subject)],
                                      parameters: [1, 2, 3], signature: [4, 5], at: Fixtures.day(3))
        try await store.receiveRequest(.access, subject: subject, at: Fixtures.day(4))
        return (subject, deviceID)
    }

    @Test(arguments: Backend.all)
    func exportHoldsEverythingWithTheProcessingInformation(_ backend: Backend) async throws {
        try await Fixtures.withStore(backend) { store, _ in
            let (subject, deviceID) = try await Self.populate(store, subjectID: "frank", tag: "x1")
            let other = try store.pseudonym(for: "someone-else")
            try await store.ingest(["occupation": .string("other")], kind: "profile", subject: other)
            let export = try await store.export(subject: subject, at: Fixtures.day(5))
            #expect(export.holdsData && export.subject == subject)
            #expect(Set(export.records.map(\.kind)) == Set(store.policy.kinds.map(\.key)), "a record of every kind")
            #expect(export.records.allSatisfy { $0.fields["occupation"] != .string("other") })
            let profile = try #require(export.records.first { $0.kind == "profile" })
            #expect(profile.retentionDays == 730 && profile.purposes == ["account", "segmentation"])
            #expect(profile.deleteBy == Fixtures.day(1 + 730) && profile.source.contains("sign-up"))
            #expect(export.consentHistory.count == 3 && export.consentHistory.allSatisfy { $0.isValid(publicKey: store.publicKey) })
            #expect(export.consentNow.map(\.state) == [.withdrawn, .granted])
            #expect(export.devices.map(\.deviceID) == [deviceID])
            #expect(export.participations.count == 1 && export.participations[0].purpose == "recommendations")
            #expect(export.participations[0].modelVersion == 0 && export.epsilonSpent == ["recommendations": 0.25])
            // The export answers the access request received earlier: it is completed, and no second one is made.
            #expect(export.requests.count == 1 && export.requests.last?.status == .completed)
            #expect(export.requests.last?.dueAt == Fixtures.day(4 + 30) && export.requests.last?.completedAt == Fixtures.day(5))
            #expect(export.processing.purposes.map(\.key) == store.policy.purposes.map(\.key))
            #expect(export.processing.purposes.allSatisfy { !$0.recipients.isEmpty })
            #expect(Set(export.processing.sources.keys) == Set(store.policy.kinds.map(\.key)))
            #expect(!export.processing.rights.isEmpty && export.controller.contact == "privacy@confide.example")
            // The documented JSON keys are there.
            let json = String(decoding: try StoreJSON.encoder().encode(export), as: UTF8.self)
            for key in ["\"format\" : \"confide.subject-export.v1\"", "\"consent_history\"", "\"lawful_basis\"", "\"retention_days\"",
                        "\"recipients\"", "\"sources\"", "\"epsilon_spent\"", "\"privacy_guarantee\"", "\"participations\""] {
                #expect(json.contains(key), "export JSON lacks \(key)")
            }
        }
    }

    @Test(arguments: Backend.all)
    func erasureLeavesNoTraceAndTheChainsStillVerify(_ backend: Backend) async throws {
        try await Fixtures.withStore(backend) { store, database in
            let subjectID = "grace-5c1d"
            let (subject, deviceID) = try await Self.populate(store, subjectID: subjectID, tag: "e7")
            let (survivor, _) = try await Self.populate(store, subjectID: "heidi", tag: "s9")
            let storedEmail = try store.pseudonymizer.pseudonym(for: "ada.e7@example.org", domain: "field:email")
            #expect(!(try await store.cellsContaining(subject.value)).isEmpty, "the scan must see the subject before erasure")
            if let path = database.sqlitePath {
                try await store.scrubFreedSpace()
                #expect(sqliteFileBytes(path).contains(text: subject.value), "the file scan must see the subject before erasure")
            }

            let outcome = try await store.erase(subject: subject, at: Fixtures.day(6))
            #expect(!outcome.alreadyErased)
            let counts = outcome.receipt.counts
            #expect(counts.records == 5 && counts.subjectKeys == 1 && counts.participations == 1 && counts.devicesMarkedForWipe == 1)
            #expect(counts.consentEntriesRedacted == 3 && counts.requests == 1 && counts.auditEntriesRedacted > 0)
            #expect(outcome.receipt.isValid(publicKey: store.publicKey))
            let receiptJSON = String(decoding: try StoreJSON.encoder().encode(outcome.receipt), as: UTF8.self)
            #expect(!receiptJSON.contains(subject.value) && !receiptJSON.contains(subjectID))

            // Nothing readable remains in any table…
            for needle in [subject.value, subjectID, storedEmail, "engineer-e7", "films-e7"] {
                #expect(try await store.cellsContaining(needle).isEmpty, "rows still mention \(needle)")
            }
            // …nor in the SQLite file and its write-ahead log.
            if let path = database.sqlitePath {
                let bytes = sqliteFileBytes(path)
                for needle in [subject.value, subjectID, storedEmail] {
                    #expect(!bytes.contains(text: needle), "the SQLite files still contain \(needle)")
                }
                #expect(bytes.contains(text: survivor.value), "the other subject must survive")
            }
            // The export is empty, the chains verify, the device must wipe and may not come back.
            let export = try await store.export(subject: subject, at: Fixtures.day(7))
            #expect(!export.holdsData && export.records.isEmpty && export.consentHistory.isEmpty && export.devices.isEmpty)
            #expect(export.participations.isEmpty && export.requests.isEmpty)
            let report = try await store.verify()
            #expect(report.isIntact, "\(report)")
            #expect(report.consent.redacted == 3)
            let device = try #require(try await store.device(deviceID))
            #expect(device.status == .wipePending && device.subject == nil)
            let refused = await #expect(throws: StoreError.self) {
                try await store.registerDevice(deviceID, subject: subject, publicKey: try Fixtures.devicePublicKey())
            }
            #expect(refused?.kind == .refused)
            try await store.confirmWipe(deviceID)
            #expect(try await store.device(deviceID)?.publicKey == nil)
            // The survivor is untouched, and the erasure request is completed, naming no one.
            #expect(try await store.export(subject: survivor, recordRequest: false).records.count == 5)
            let request = try #require(try await store.allRequests().first { $0.id == outcome.receipt.requestID })
            #expect(request.subject == nil && request.status == .completed && request.tombstoneID == outcome.receipt.tombstoneID)
            #expect(try await store.erasure(of: subject)?.tombstoneID == outcome.receipt.tombstoneID)
            #expect(try await store.erasure(of: survivor) == nil)
        }
    }

    @Test(arguments: Backend.all)
    func erasureIsIdempotent(_ backend: Backend) async throws {
        try await Fixtures.withStore(backend) { store, _ in
            let (subject, _) = try await Self.populate(store, subjectID: "ivan", tag: "i2")
            let first = try await store.erase(subject: subject, at: Fixtures.day(6))
            let auditCount = try await store.auditEntries().count
            let second = try await store.erase(subject: subject, at: Fixtures.day(8))
            #expect(second.alreadyErased && second.receipt == first.receipt)
            #expect(try await store.auditEntries().count == auditCount, "a repeated erasure writes nothing")
            #expect(try await store.verify().isIntact)
            // A subject the store never knew gets a receipt with nothing removed, once.
            let stranger = try store.pseudonym(for: "never-seen")
            let none = try await store.erase(subject: stranger)
            #expect(!none.alreadyErased)
            let counts = none.receipt.counts
            #expect(counts.records + counts.subjectKeys + counts.consentEntriesRedacted + counts.devicesMarkedForWipe == 0)
            #expect(counts.auditEntriesRedacted == 1, "only the erasure request's own receipt entry named the stranger")
            #expect(try await store.erase(subject: stranger).alreadyErased)
        }
    }

    @Test(arguments: Backend.all)
    func erasureCompletesAReceivedRequestWithinItsDeadline(_ backend: Backend) async throws {
        try await Fixtures.withStore(backend) { store, _ in
            let subject = try store.pseudonym(for: "judy")
            try await store.ingest(["gender": .string("F")], kind: "profile", subject: subject, at: Fixtures.day(0))
            let request = try await store.receiveRequest(.erasure, subject: subject, at: Fixtures.day(1))
            #expect(request.dueAt == Fixtures.day(31) && request.status == .received)
            #expect(!request.isOverdue(at: Fixtures.day(30)) && request.isOverdue(at: Fixtures.day(32)))
            let outcome = try await store.erase(subject: subject, at: Fixtures.day(2), requestID: request.id)
            #expect(outcome.receipt.requestID == request.id && outcome.receipt.receivedAt == Fixtures.day(1))
            let completed = try #require(try await store.allRequests().first { $0.id == request.id })
            #expect(completed.status == .completed && completed.completedAt == Fixtures.day(2) && !completed.isOverdue(at: Fixtures.day(40)))
        }
    }
}
