import ConfideCrypto
import Foundation
import SQLKit

extension ConfideStore {
    /// Every pseudonym that some row of the store still names, sorted: in records, data
    /// keys, the consent ledger, the audit log, requests, devices or participations.
    public func namedSubjects() async throws -> [Pseudonym] {
        try await database.read { sql in
            let statement = SubjectRow.Table.allCases.map { "SELECT subject FROM \($0.rawValue) WHERE subject IS NOT NULL" }
                .joined(separator: " UNION ") + " ORDER BY subject"
            return try await sql.raw(SQLQueryString(statement)).all()
                .map { Pseudonym(unchecked: try $0.value("subject")) }
        }
    }

    /// The erasures among `subjects`: for each subject a tombstone commits to, the receipt
    /// of its (latest) erasure. Reads the tombstones once, however many subjects are asked about.
    public func erasures(among subjects: [Pseudonym]) async throws -> [Pseudonym: ErasureReceipt] {
        guard !subjects.isEmpty else { return [:] }
        let tombstones = try await database.read { sql in
            try await sql.raw("SELECT * FROM tombstones ORDER BY erased_at DESC, id").all()
        }
        var found: [Pseudonym: ErasureReceipt] = [:]
        for row in tombstones {
            let salt = try row.bytes("check_salt"), commitment = try row.bytes("check_hash")
            for subject in subjects where found[subject] == nil {
                if ConstantTime.equals(try Self.commitment(salt: salt, subject: subject), commitment) {
                    found[subject] = try receipt(tombstone: row)
                }
            }
        }
        return found
    }

    /// Every row that names `subject`, by table, oldest first within each table.
    public func rows(naming subject: Pseudonym) async throws -> [SubjectRow] {
        let queries: [(SubjectRow.Table, String, String)] = [
            (.records, "id", "created_at"),
            (.subjectKeys, "subject", "created_at"),
            (.consentLedger, "CAST(seq AS TEXT)", "recorded_at"),
            (.auditLog, "CAST(seq AS TEXT)", "recorded_at"),
            (.requests, "id", "received_at"),
            (.devices, "device_id", "registered_at"),
            (.participations, "round_id || '/' || device_id", "recorded_at"),
        ]
        return try await database.read { sql in
            var rows: [SubjectRow] = []
            for (table, reference, time) in queries {
                let found = try await sql.raw("""
                    SELECT \(unsafeRaw: reference) AS row_ref, \(unsafeRaw: time) AS written_at FROM \(unsafeRaw: table.rawValue)
                    WHERE subject = \(bind: subject.value) ORDER BY written_at
                    """).all()
                for row in found {
                    rows.append(SubjectRow(table: table, subject: subject, reference: try row.value("row_ref", as: String.self),
                                           recordedAt: Timestamp.date(try row.value("written_at", as: Int64.self))))
                }
            }
            return rows
        }
    }
}
