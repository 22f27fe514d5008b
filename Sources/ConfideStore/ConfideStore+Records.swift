import ConfideCrypto
import Foundation
import SQLKit

extension ConfideStore {
    /// Strips `record` by the policy's rules for `kind`, encrypts what is left with the
    /// subject's data key and stores it.
    ///
    /// Throws ``StoreError/Kind/undeclaredField`` naming the kind and field when the record
    /// has a field the policy has no rule for, and ``StoreError/Kind/unknownKind`` for an
    /// undeclared kind; nothing is stored then.
    @discardableResult
    public func ingest(_ record: [String: JSONValue], kind: String, subject: Pseudonym,
                       at instant: Date = Date()) async throws -> StoredRecord {
        let fields = try stripper.strip(record, kind: kind)
        let id = try Self.newIdentifier()
        let createdAt = Timestamp.milliseconds(instant)
        let policyVersion = policy.version
        var plaintext = [UInt8](try StoreJSON.encoder(pretty: false).encode(fields))
        defer { plaintext.withUnsafeMutableBytes { SecureBytes.zero($0) } }
        let payloadPlaintext = plaintext
        let fieldNames = String(decoding: try JSONEncoder().encode(fields.keys.sorted()), as: UTF8.self)
        try await database.write { sql in
            let dataKey = try await self.dataKey(for: subject, creatingAt: createdAt, on: sql)
            let payload = try XChaCha20Poly1305.seal(payloadPlaintext, using: dataKey,
                                                     authenticating: Self.recordContext(id: id, subject: subject, kind: kind))
            try await sql.raw("""
                INSERT INTO records (id, subject, kind, fields, payload, created_at, policy_version)
                VALUES (\(bind: id), \(bind: subject.value), \(bind: kind), \(bind: fieldNames), \(bind: Data(payload)),
                        \(bind: createdAt), \(bind: policyVersion))
                """).run()
            try await self.appendAudit(action: "record.ingest", subject: subject, details: ["kind": kind, "record": id],
                                       at: createdAt, on: sql)
        }
        return StoredRecord(id: id, kind: kind, subject: subject, createdAt: Timestamp.date(createdAt),
                            policyVersion: policyVersion, fields: fields)
    }

    /// Stores many records of one kind for `subject` in one transaction, with one audit
    /// entry: every record passes the policy's field rules first, and if any is refused
    /// none is stored.
    @discardableResult
    public func ingest(batch records: [[String: JSONValue]], kind: String, subject: Pseudonym,
                       at instant: Date = Date()) async throws -> Int {
        guard !records.isEmpty else { return 0 }
        let stripped = try records.map { try stripper.strip($0, kind: kind) }
        let createdAt = Timestamp.milliseconds(instant)
        let policyVersion = policy.version
        let encoder = StoreJSON.encoder(pretty: false)
        let rows: [(id: String, fields: String, plaintext: [UInt8])] = try stripped.map { fields in
            (try Self.newIdentifier(), String(decoding: try JSONEncoder().encode(fields.keys.sorted()), as: UTF8.self),
             [UInt8](try encoder.encode(fields)))
        }
        try await database.write { sql in
            let dataKey = try await self.dataKey(for: subject, creatingAt: createdAt, on: sql)
            for chunk in stride(from: 0, to: rows.count, by: 500).map({ rows[$0..<min($0 + 500, rows.count)] }) {
                var insert = sql.insert(into: "records").columns("id", "subject", "kind", "fields", "payload", "created_at", "policy_version")
                for row in chunk {
                    let payload = try XChaCha20Poly1305.seal(row.plaintext, using: dataKey,
                                                             authenticating: Self.recordContext(id: row.id, subject: subject, kind: kind))
                    insert = insert.values([row.id, subject.value, kind, row.fields, Data(payload), createdAt, policyVersion]
                                           as [any Encodable & Sendable])
                }
                try await insert.run()
            }
            try await self.appendAudit(action: "record.ingest", subject: subject,
                                       details: ["kind": kind, "records": String(rows.count)], at: createdAt, on: sql)
        }
        return rows.count
    }

    /// Every record of `subject`, decrypted, oldest first.
    public func records(of subject: Pseudonym) async throws -> [StoredRecord] {
        try await database.read { sql in
            try await self.decryptedRecords(of: subject, on: sql)
        }
    }

    /// Every record of every subject without decrypting payloads: kinds, field names and
    /// ages, for retention and declared-field audits.
    public func recordSummaries() async throws -> [RecordSummary] {
        try await database.read { sql in
            try await sql.raw("SELECT id, subject, kind, fields, created_at, policy_version FROM records ORDER BY created_at, id")
                .all().map { row in
                    let names = try JSONDecoder().decode([String].self, from: Data(try row.value("fields", as: String.self).utf8))
                    return RecordSummary(id: try row.value("id"), kind: try row.value("kind"),
                                         subject: Pseudonym(unchecked: try row.value("subject")), fields: names,
                                         createdAt: Timestamp.date(try row.value("created_at")),
                                         policyVersion: try row.value("policy_version"))
                }
        }
    }

    /// The subjects that have records or a data key, for audits that must read every subject.
    public func subjectsWithData() async throws -> [Pseudonym] {
        try await database.read { sql in
            try await sql.raw("SELECT subject FROM subject_keys UNION SELECT subject FROM records ORDER BY subject").all()
                .map { Pseudonym(unchecked: try $0.value("subject")) }
        }
    }

    /// The record with `id`, decrypted, or `nil` if there is none. Throws
    /// ``StoreError/Kind/integrity`` if it does not decrypt (altered, moved to another
    /// subject or kind, or its subject's key is gone).
    public func record(_ id: String) async throws -> StoredRecord? {
        try await database.read { sql in
            guard let row = try await sql.raw("""
                SELECT id, subject, kind, payload, created_at, policy_version FROM records WHERE id = \(bind: id)
                """).first() else { return nil }
            let subject = Pseudonym(unchecked: try row.value("subject"))
            guard let dataKey = try await self.existingDataKey(for: subject, on: sql) else {
                throw StoreError(.integrity, "record \(id) exists but the data key of its subject is missing")
            }
            return try Self.decrypt(row, subject: subject, using: dataKey)
        }
    }

    func decryptedRecords(of subject: Pseudonym, on sql: any SQLDatabase) async throws -> [StoredRecord] {
        let rows = try await sql.raw("""
            SELECT id, kind, payload, created_at, policy_version FROM records WHERE subject = \(bind: subject.value)
            ORDER BY created_at, id
            """).all()
        guard !rows.isEmpty else { return [] }
        guard let dataKey = try await existingDataKey(for: subject, on: sql) else {
            throw StoreError(.integrity, "records of subject \(subject) exist but its data key is missing")
        }
        return try rows.map { try Self.decrypt($0, subject: subject, using: dataKey) }
    }

    private static func decrypt(_ row: any SQLRow, subject: Pseudonym, using dataKey: SymmetricKey) throws -> StoredRecord {
        let id: String = try row.value("id")
        let kind: String = try row.value("kind")
        var plaintext: [UInt8]
        do {
            plaintext = try XChaCha20Poly1305.open(try row.bytes("payload"), using: dataKey,
                                                   authenticating: recordContext(id: id, subject: subject, kind: kind))
        } catch {
            throw StoreError(.integrity, "record \(id) does not decrypt: it was altered or moved to another subject or kind")
        }
        defer { plaintext.withUnsafeMutableBytes { SecureBytes.zero($0) } }
        let fields = try JSONDecoder().decode([String: JSONValue].self, from: Data(plaintext))
        return StoredRecord(id: id, kind: kind, subject: subject, createdAt: Timestamp.date(try row.value("created_at")),
                            policyVersion: try row.value("policy_version"), fields: fields)
    }

    /// Binds a payload to its row: moving ciphertext to another record, subject or kind breaks decryption.
    static func recordContext(id: String, subject: Pseudonym, kind: String) -> [UInt8] {
        Array("confide.record.v1\u{1F}\(id)\u{1F}\(subject.value)\u{1F}\(kind)".utf8)
    }

    /// The subject's data key, unwrapped; `nil` if it has none.
    func existingDataKey(for subject: Pseudonym, on sql: any SQLDatabase) async throws -> SymmetricKey? {
        guard let row = try await sql.raw("SELECT wrapped_key FROM subject_keys WHERE subject = \(bind: subject.value)").first() else {
            return nil
        }
        do {
            return try wrapper.unwrap(try row.bytes("wrapped_key"), keyID: subject.value)
        } catch {
            throw StoreError(.integrity, "the data key of subject \(subject) does not unwrap: wrong master key, or the key was altered")
        }
    }

    /// The subject's data key, created and stored wrapped on first use.
    ///
    /// Two transactions creating the first key of one subject at once both insert with
    /// `ON CONFLICT DO NOTHING`; PostgreSQL makes the second wait for the first, and both
    /// then read back the one key that was stored.
    func dataKey(for subject: Pseudonym, creatingAt instant: Int64, on sql: any SQLDatabase) async throws -> SymmetricKey {
        if let key = try await existingDataKey(for: subject, on: sql) { return key }
        let wrapped = try wrapper.wrap(try SymmetricKey(), keyID: subject.value)
        try await sql.raw("""
            INSERT INTO subject_keys (subject, wrapped_key, created_at) VALUES (\(bind: subject.value), \(bind: Data(wrapped)), \(bind: instant))
            ON CONFLICT (subject) DO NOTHING
            """).run()
        guard let key = try await existingDataKey(for: subject, on: sql) else {
            throw StoreError(.database, "the data key of subject \(subject) could not be stored")
        }
        return key
    }
}
