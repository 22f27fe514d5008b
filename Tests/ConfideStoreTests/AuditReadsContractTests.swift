import ConfideTestSupport
import ConfideCrypto
@testable import ConfideStore
import Foundation
import Testing

/// The reads audits rely on: which subjects the store still names, which of them a tombstone
/// commits to, every row naming one subject, and one record decrypted by id.
@Suite struct AuditReadsContractTests {
    @Test(arguments: Backend.all)
    func subjectsStillNamedAreFoundAndMatchedToTheirErasure(_ backend: Backend) async throws {
        try await Fixtures.withStore(backend) { store, _ in
            let kept = try store.pseudonym(for: "kept"), erased = try store.pseudonym(for: "erased")
            let requester = try store.pseudonym(for: "requester")
            try await store.ingest(Fixtures.records(tag: "k")["rating"]!, kind: "rating", subject: kept, at: Fixtures.day(0))
            try await store.grantConsent(subject: erased, purpose: "segmentation", channel: "app", method: "checkbox", at: Fixtures.day(0))
            try await store.registerDevice("phone", subject: erased, publicKey: try Fixtures.devicePublicKey(), at: Fixtures.day(0))
            try await store.receiveRequest(.access, subject: requester, at: Fixtures.day(0))
            #expect(try await store.namedSubjects() == [kept, erased, requester].sorted())

            let receipt = try await store.erase(subject: erased, at: Fixtures.day(2)).receipt
            #expect(try await store.namedSubjects() == [kept, requester].sorted())
            #expect(try await store.erasures(among: [kept, erased, requester]) == [erased: receipt])
            #expect(try await store.erasures(among: []).isEmpty)

            // A row naming the erased subject again (restored behind the store's back) is found with its time.
            try await store.rawExecute("""
                INSERT INTO participations (round_id, device_id, subject, purpose, task, model_version, epsilon, recorded_at)
                VALUES ('r1', 'phone', \(bind: erased.value), 'segmentation', 'kmeans', 1, 0.5, \(bind: Timestamp.milliseconds(Fixtures.day(1))))
                """)
            #expect(try await store.namedSubjects().contains(erased))
            let rows = try await store.rows(naming: erased)
            #expect(rows == [SubjectRow(table: .participations, subject: erased, reference: "r1/phone", recordedAt: Fixtures.day(1))])
        }
    }

    @Test(arguments: Backend.all)
    func rowsNamingASubjectCoverEveryTable(_ backend: Backend) async throws {
        try await Fixtures.withStore(backend) { store, _ in
            let subject = try store.pseudonym(for: "ada")
            let record = try await store.ingest(Fixtures.records(tag: "a")["rating"]!, kind: "rating", subject: subject, at: Fixtures.day(0))
            try await store.grantConsent(subject: subject, purpose: "segmentation", channel: "app", method: "checkbox", at: Fixtures.day(1))
            try await store.registerDevice("phone", subject: subject, publicKey: try Fixtures.devicePublicKey(), at: Fixtures.day(2))
            let round = try await store.beginRound(task: .kmeans, cohortSize: 1, baseVersion: nil, at: Fixtures.day(3))
            try await store.completeRound(round.id, cohortSize: 1, epsilon: 0.1, participants: [Participant(deviceID: "phone", subject: subject)],
                                          parameters: [1], signature: [2], at: Fixtures.day(3))
            let request = try await store.receiveRequest(.access, subject: subject, at: Fixtures.day(4))
            let rows = try await store.rows(naming: subject)
            #expect(Set(rows.map(\.table)) == Set(SubjectRow.Table.allCases))
            #expect(rows.contains(SubjectRow(table: .records, subject: subject, reference: record.id, recordedAt: Fixtures.day(0))))
            #expect(rows.contains(SubjectRow(table: .subjectKeys, subject: subject, reference: subject.value, recordedAt: Fixtures.day(0))))
            #expect(rows.contains(SubjectRow(table: .consentLedger, subject: subject, reference: "1", recordedAt: Fixtures.day(1))))
            #expect(rows.contains(SubjectRow(table: .devices, subject: subject, reference: "phone", recordedAt: Fixtures.day(2))))
            #expect(rows.contains(SubjectRow(table: .participations, subject: subject, reference: "\(round.id)/phone", recordedAt: Fixtures.day(3))))
            #expect(rows.contains(SubjectRow(table: .requests, subject: subject, reference: request.id, recordedAt: Fixtures.day(4))))
            // Ingest, grant, registration and request; the round's entry names no one.
            #expect(rows.filter { $0.table == .auditLog }.count == 4)
            #expect(try await store.rows(naming: try store.pseudonym(for: "nobody")).isEmpty)
        }
    }

    @Test(arguments: Backend.all)
    func oneRecordIsReadByIdAndAnAlteredOneIsAnIntegrityError(_ backend: Backend) async throws {
        try await Fixtures.withStore(backend) { store, _ in
            let subject = try store.pseudonym(for: "ada")
            let first = try await store.ingest(Fixtures.records(tag: "a")["rating"]!, kind: "rating", subject: subject)
            let second = try await store.ingest(Fixtures.records(tag: "b")["rating"]!, kind: "rating", subject: subject)
            #expect(try await store.record(first.id) == first)
            #expect(try await store.record("no-such-record") == nil)
            try await store.rawExecute("UPDATE records SET payload = (SELECT payload FROM records WHERE id = \(bind: first.id)) WHERE id = \(bind: second.id)")
            #expect(try await store.record(first.id) == first)
            await #expect(throws: StoreError.self) { try await store.record(second.id) }
            await #expect(throws: StoreError.self) { try await store.records(of: subject) }
        }
    }
}
