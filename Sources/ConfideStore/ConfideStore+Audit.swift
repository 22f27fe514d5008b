import ConfideCrypto
import Foundation
import SQLKit

extension ConfideStore {
    /// Appends an entry to the audit log, for actions taken outside the store's own methods
    /// (the coordinator's admin API, say). Store methods audit themselves.
    ///
    /// - Parameter details: identifiers and counts only; never personal data.
    public func recordAudit(action: String, subject: Pseudonym? = nil, details: [String: String] = [:],
                            actor: String? = nil, at instant: Date = Date()) async throws {
        try await database.write { sql in
            try await self.appendAudit(action: action, subject: subject, details: details, actor: actor,
                                       at: Timestamp.milliseconds(instant), on: sql)
        }
    }

    /// Every audit entry in order, redacted ones included (with no payload).
    public func auditEntries() async throws -> [AuditEntry] {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM audit_log ORDER BY seq").all().map(Self.auditEntry)
        }
    }

    /// Appends an audit entry inside the caller's transaction.
    func appendAudit(action: String, subject: Pseudonym?, details: [String: String], actor: String? = nil,
                     at instant: Int64, on sql: any SQLDatabase) async throws {
        let actor = actor ?? self.actor
        let detailsText = String(decoding: try StoreJSON.encoder(pretty: false).encode(details), as: UTF8.self)
        let fields = [String(instant), actor, action, subject?.value ?? "", detailsText]
        let link = try await HashChain.audit.nextLink(fields: fields, signer: keys.signingKey, on: sql)
        try await sql.raw("""
            INSERT INTO audit_log (seq, prev_hash, payload_hash, entry_hash, signature, salt, recorded_at, actor, action, subject, details)
            VALUES (\(bind: link.seq), \(bind: Data(link.previous)), \(bind: Data(link.payloadHash)), \(bind: Data(link.entryHash)),
                    \(bind: Data(link.signature)), \(bind: Data(link.salt)), \(bind: instant), \(bind: actor), \(bind: action),
                    \(bind: subject?.value), \(bind: detailsText))
            """).run()
        try await HashChain.audit.advance(to: link, on: sql)
    }

    static func auditEntry(_ row: any SQLRow) throws -> AuditEntry {
        let seq = try row.value("seq", as: Int64.self)
        let hash = try row.bytes("entry_hash")
        var payload: AuditEntry.Payload?
        if let recordedAt = try row.value("recorded_at", as: Int64?.self),
           let actor = try row.value("actor", as: String?.self), let action = try row.value("action", as: String?.self) {
            let detailsText = try row.value("details", as: String?.self) ?? "{}"
            let details = (try? JSONDecoder().decode([String: String].self, from: Data(detailsText.utf8))) ?? [:]
            payload = AuditEntry.Payload(recordedAt: Timestamp.date(recordedAt), actor: actor, action: action,
                                         subject: try row.value("subject", as: String?.self).map(Pseudonym.init(unchecked:)),
                                         details: details)
        }
        return AuditEntry(seq: seq, entryHash: Hex.encode(hash), payload: payload)
    }
}
