import Foundation
import SQLKit

extension ConfideStore {
    /// Records a data-subject request as received; its due time comes from the policy's deadlines.
    @discardableResult
    public func receiveRequest(_ kind: DataSubjectRequest.Kind, subject: Pseudonym,
                               at instant: Date = Date()) async throws -> DataSubjectRequest {
        try await database.write { sql in
            try await self.insertRequest(kind, subject: subject, at: Timestamp.milliseconds(instant), on: sql)
        }
    }

    /// Every request of `subject`, oldest first.
    public func requests(of subject: Pseudonym) async throws -> [DataSubjectRequest] {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM requests WHERE subject = \(bind: subject.value) ORDER BY received_at, id").all()
                .map(Self.request)
        }
    }

    /// Every request, including completed erasures that name no one, oldest first.
    public func allRequests() async throws -> [DataSubjectRequest] {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM requests ORDER BY received_at, id").all().map(Self.request)
        }
    }

    func insertRequest(_ kind: DataSubjectRequest.Kind, subject: Pseudonym, at: Int64,
                       on sql: any SQLDatabase) async throws -> DataSubjectRequest {
        let id = try Self.newIdentifier()
        let days = kind == .access ? policy.requests.accessDays : policy.requests.erasureDays
        let due = Timestamp.adding(days: days, to: at)
        try await sql.raw("""
            INSERT INTO requests (id, subject, kind, status, received_at, due_at)
            VALUES (\(bind: id), \(bind: subject.value), \(bind: kind.rawValue), \(bind: DataSubjectRequest.Status.received.rawValue),
                    \(bind: at), \(bind: due))
            """).run()
        try await appendAudit(action: "request.received", subject: subject, details: ["request": id, "kind": kind.rawValue],
                              at: at, on: sql)
        return DataSubjectRequest(id: id, subject: subject, kind: kind, status: .received, receivedAt: Timestamp.date(at),
                                  dueAt: Timestamp.date(due), completedAt: nil, tombstoneID: nil)
    }

    func completeAccessRequest(_ id: String, subject: Pseudonym, at: Int64, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            UPDATE requests SET status = \(bind: DataSubjectRequest.Status.completed.rawValue), completed_at = \(bind: at)
            WHERE id = \(bind: id)
            """).run()
        try await appendAudit(action: "request.completed", subject: subject, details: ["request": id, "kind": "access"],
                              at: at, on: sql)
    }

    static func request(_ row: any SQLRow) throws -> DataSubjectRequest {
        guard let kind = DataSubjectRequest.Kind(rawValue: try row.value("kind")),
              let status = DataSubjectRequest.Status(rawValue: try row.value("status")) else {
            throw StoreError(.integrity, "a request row has an unknown kind or status")
        }
        return DataSubjectRequest(
            id: try row.value("id"), subject: try row.value("subject", as: String?.self).map(Pseudonym.init(unchecked:)),
            kind: kind, status: status, receivedAt: Timestamp.date(try row.value("received_at")),
            dueAt: Timestamp.date(try row.value("due_at")),
            completedAt: try row.value("completed_at", as: Int64?.self).map(Timestamp.date),
            tombstoneID: try row.value("tombstone_id", as: String?.self))
    }
}
