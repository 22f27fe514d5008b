import ConfideCrypto
import Foundation
import SQLKit

extension ConfideStore {
    /// Erases `subject` (GDPR Art. 17) and returns a signed receipt that names no one.
    ///
    /// In one transaction: deletes the subject's records, data key (crypto-shredding every
    /// copy of their payloads), participations and earlier requests; removes the payloads
    /// of their consent and audit entries while keeping the entries' hashes, so both chains
    /// still verify; unlinks their devices and marks them for a wipe (they are refused
    /// afterwards); completes the erasure request; records a tombstone holding only counts
    /// and a salted commitment to the pseudonym. On SQLite, deleted content is overwritten
    /// (`secure_delete`) and the write-ahead log is checkpointed and truncated afterwards, so
    /// the files keep no readable trace.
    ///
    /// Idempotent: erasing an already erased subject changes nothing and returns the
    /// original receipt with ``ErasureOutcome/alreadyErased`` set.
    ///
    /// - Parameter requestID: an erasure request received earlier for this subject; when
    ///   `nil`, a request is recorded as received and completed at `instant`.
    @discardableResult
    public func erase(subject: Pseudonym, at instant: Date = Date(), requestID: String? = nil) async throws -> ErasureOutcome {
        let at = Timestamp.milliseconds(instant)
        let outcome = try await database.write { sql -> ErasureOutcome in
            if !(try await self.holdsData(on: subject, sql: sql)), let earlier = try await self.tombstoneReceipt(for: subject, on: sql) {
                return ErasureOutcome(receipt: earlier, alreadyErased: true)
            }
            let request = try await self.erasureRequest(requestID, subject: subject, at: at, on: sql)
            var counts = ErasureCounts()
            counts.records = try await self.count("records", subject, sql)
            counts.subjectKeys = try await self.count("subject_keys", subject, sql)
            counts.participations = try await self.count("participations", subject, sql)
            counts.devicesMarkedForWipe = try await self.count("devices", subject, sql)
            counts.consentEntriesRedacted = try await self.count("consent_ledger", subject, sql)
            counts.requests = try await sql.raw("""
                SELECT COUNT(*) AS n FROM requests WHERE subject = \(bind: subject.value) AND id <> \(bind: request.id)
                """).first().map { Int(try $0.value("n", as: Int64.self)) } ?? 0
            let p = subject.value
            try await sql.raw("DELETE FROM records WHERE subject = \(bind: p)").run()
            try await sql.raw("DELETE FROM subject_keys WHERE subject = \(bind: p)").run()
            try await sql.raw("DELETE FROM participations WHERE subject = \(bind: p)").run()
            try await sql.raw("DELETE FROM enrolments WHERE subject = \(bind: p)").run()
            try await sql.raw("DELETE FROM requests WHERE subject = \(bind: p) AND id <> \(bind: request.id)").run()
            try await sql.raw("""
                UPDATE devices SET subject = NULL, status = \(bind: DeviceRecord.Status.wipePending.rawValue),
                wipe_requested_at = \(bind: at) WHERE subject = \(bind: p)
                """).run()
            try await sql.raw("""
                UPDATE consent_ledger SET salt = NULL, subject = NULL, purpose = NULL, action = NULL, policy_version = NULL,
                notice_hash = NULL, channel = NULL, method = NULL, recorded_at = NULL, expires_at = NULL, redacted_at = \(bind: at)
                WHERE subject = \(bind: p)
                """).run()
            // Last, so that the audit entries this erasure wrote about the request are redacted too.
            counts.auditEntriesRedacted = try await self.count("audit_log", subject, sql)
            try await sql.raw("""
                UPDATE audit_log SET salt = NULL, recorded_at = NULL, actor = NULL, action = NULL, subject = NULL, details = NULL,
                redacted_at = \(bind: at) WHERE subject = \(bind: p)
                """).run()
            let receipt = try await self.recordTombstone(subject: subject, request: request, counts: counts, at: at, on: sql)
            try await sql.raw("""
                UPDATE requests SET subject = NULL, status = \(bind: DataSubjectRequest.Status.completed.rawValue),
                completed_at = \(bind: at), tombstone_id = \(bind: receipt.tombstoneID) WHERE id = \(bind: request.id)
                """).run()
            try await self.appendAudit(action: "subject.erase", subject: nil, details: Self.auditDetails(receipt), at: at, on: sql)
            return ErasureOutcome(receipt: receipt, alreadyErased: false)
        }
        if !outcome.alreadyErased { try await scrubFreedSpace() }
        logger.info("subject erased", metadata: ["tombstone": "\(outcome.receipt.tombstoneID)", "again": "\(outcome.alreadyErased)"])
        return outcome
    }

    /// Every tombstone's receipt, for audits of completed erasures.
    public func erasureReceipts() async throws -> [ErasureReceipt] {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM tombstones ORDER BY erased_at, id").all().map(self.receipt(tombstone:))
        }
    }

    /// Whether a tombstone's commitment matches `subject`: how an audit holding a pseudonym
    /// finds out that its subject was erased, and when.
    public func erasure(of subject: Pseudonym) async throws -> ErasureReceipt? {
        try await database.read { sql in try await self.tombstoneReceipt(for: subject, on: sql) }
    }

    /// Makes the bytes of deleted rows unrecoverable from the SQLite files: the deleted cells
    /// were zeroed by `secure_delete`; checkpointing copies the zeroed pages into the
    /// database file and truncating empties the write-ahead log that held the old pages.
    /// PostgreSQL keeps dead tuples until vacuumed; there the destroyed data key protects payloads.
    func scrubFreedSpace() async throws {
        guard database.backend == .sqlite else { return }
        try await database.withConnection { sql in
            let row = try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").first()
            if let busy = try row?.value("busy", as: Int64.self), busy != 0 {
                throw StoreError(.database, "the write-ahead log could not be checkpointed; another process holds the database open")
            }
        }
    }

    private func count(_ table: String, _ subject: Pseudonym, _ sql: any SQLDatabase) async throws -> Int {
        Int(try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE subject = \(bind: subject.value)")
            .first()?.value("n", as: Int64.self) ?? 0)
    }

    private func erasureRequest(_ id: String?, subject: Pseudonym, at: Int64, on sql: any SQLDatabase) async throws -> DataSubjectRequest {
        guard let id else { return try await insertRequest(.erasure, subject: subject, at: at, on: sql) }
        guard let row = try await sql.raw("SELECT * FROM requests WHERE id = \(bind: id)").first() else {
            throw StoreError(.notFound, "no request \(id)")
        }
        let request = try Self.request(row)
        guard request.kind == .erasure, request.subject == subject, request.status == .received else {
            throw StoreError(.conflict, "request \(id) is not an open erasure request of this subject")
        }
        return request
    }

    private func recordTombstone(subject: Pseudonym, request: DataSubjectRequest, counts: ErasureCounts, at: Int64,
                                 on sql: any SQLDatabase) async throws -> ErasureReceipt {
        let id = try Self.newIdentifier()
        let salt = try SecureRandom.bytes(count: 16)
        let commitment = try Self.commitment(salt: salt, subject: subject)
        let format = "confide.erasure-receipt.v1"
        let message = try ErasureReceipt.message(format: format, controller: policy.controller.name, tombstoneID: id,
                                                 requestID: request.id, receivedAt: request.receivedAt,
                                                 erasedAt: Timestamp.date(at), policyVersion: policy.version, counts: counts,
                                                 commitment: Hex.encode(commitment))
        let signature = try keys.signingKey.signature(for: message)
        let countsText = String(decoding: try StoreJSON.encoder(pretty: false).encode(counts), as: UTF8.self)
        try await sql.raw("""
            INSERT INTO tombstones (id, request_id, received_at, erased_at, check_salt, check_hash, counts, policy_version, signature)
            VALUES (\(bind: id), \(bind: request.id), \(bind: Timestamp.milliseconds(request.receivedAt)), \(bind: at),
                    \(bind: Data(salt)), \(bind: Data(commitment)), \(bind: countsText), \(bind: policy.version), \(bind: Data(signature)))
            """).run()
        return ErasureReceipt(controller: policy.controller.name, tombstoneID: id, requestID: request.id,
                              receivedAt: request.receivedAt, erasedAt: Timestamp.date(at), policyVersion: policy.version,
                              counts: counts, subjectCommitment: Hex.encode(commitment),
                              publicKey: Hex.encode(keys.signingKey.publicKey.bytes), signature: Hex.encode(signature))
    }

    private func tombstoneReceipt(for subject: Pseudonym, on sql: any SQLDatabase) async throws -> ErasureReceipt? {
        for row in try await sql.raw("SELECT * FROM tombstones ORDER BY erased_at DESC").all() {
            let expected = try Self.commitment(salt: try row.bytes("check_salt"), subject: subject)
            if ConstantTime.equals(expected, try row.bytes("check_hash")) { return try receipt(tombstone: row) }
        }
        return nil
    }

    func receipt(tombstone row: any SQLRow) throws -> ErasureReceipt {
        let counts = try JSONDecoder().decode(ErasureCounts.self, from: Data(try row.value("counts", as: String.self).utf8))
        return ErasureReceipt(controller: policy.controller.name, tombstoneID: try row.value("id"), requestID: try row.value("request_id"),
                              receivedAt: Timestamp.date(try row.value("received_at")), erasedAt: Timestamp.date(try row.value("erased_at")),
                              policyVersion: try row.value("policy_version"), counts: counts,
                              subjectCommitment: Hex.encode(try row.bytes("check_hash")),
                              publicKey: Hex.encode(keys.signingKey.publicKey.bytes), signature: Hex.encode(try row.bytes("signature")))
    }

    static func commitment(salt: [UInt8], subject: Pseudonym) throws -> [UInt8] {
        try Digest.blake2b256(fields: [Array("confide.tombstone.v1".utf8), salt, Array(subject.value.utf8)])
    }

    static func auditDetails(_ receipt: ErasureReceipt) -> [String: String] {
        ["tombstone": receipt.tombstoneID, "request": receipt.requestID,
         "records": String(receipt.counts.records), "consent_entries_redacted": String(receipt.counts.consentEntriesRedacted),
         "audit_entries_redacted": String(receipt.counts.auditEntriesRedacted),
         "devices_marked_for_wipe": String(receipt.counts.devicesMarkedForWipe)]
    }
}
