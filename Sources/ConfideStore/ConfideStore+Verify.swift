import Foundation
import SQLKit

extension ConfideStore {
    /// Walks the consent ledger and the audit log and reports, for each, the first entry
    /// that fails a check. Also checks that every redacted entry is accounted for by an
    /// erasure recorded in the audit log.
    public func verify() async throws -> IntegrityReport {
        let report = try await database.read { sql in
            let consent = try await ChainVerifier(
                chain: .consent, publicKey: self.publicKey, table: "consent_ledger",
                payloadFields: { row in try Self.consentEntry(row).payload.map(Self.consentFields) },
                payloadColumns: ["salt", "subject", "purpose", "action", "policy_version", "notice_hash", "channel", "method",
                                 "recorded_at", "expires_at"]
            ).verify(on: sql)
            let audit = try await ChainVerifier(
                chain: .audit, publicKey: self.publicKey, table: "audit_log",
                payloadFields: { row in
                    guard let recordedAt = try row.value("recorded_at", as: Int64?.self) else { return nil }
                    return [String(recordedAt), try row.value("actor", as: String?.self) ?? "",
                            try row.value("action", as: String?.self) ?? "", try row.value("subject", as: String?.self) ?? "",
                            try row.value("details", as: String?.self) ?? ""]
                },
                payloadColumns: ["salt", "recorded_at", "actor", "action", "subject", "details"]
            ).verify(on: sql)
            return IntegrityReport(consent: consent, audit: audit)
        }
        guard report.isIntact else { return report }
        return try await checkRedactionsAccountedFor(report)
    }

    /// Redacting an entry is legitimate only as part of an erasure: the erasures' audit
    /// entries state how many entries each redacted, and the totals must match.
    private func checkRedactionsAccountedFor(_ report: IntegrityReport) async throws -> IntegrityReport {
        var declaredConsent = 0, declaredAudit = 0
        for entry in try await auditEntries() where entry.payload?.action == "subject.erase" {
            declaredConsent += Int(entry.payload?.details["consent_entries_redacted"] ?? "") ?? 0
            declaredAudit += Int(entry.payload?.details["audit_entries_redacted"] ?? "") ?? 0
        }
        func check(_ chain: IntegrityReport.Chain, declared: Int) async throws -> IntegrityReport.Chain {
            guard chain.redacted != declared else { return chain }
            let table = chain.name == "consent" ? "consent_ledger" : "audit_log"
            let first = try await database.read { sql in
                try await sql.raw("SELECT MIN(seq) AS seq FROM \(unsafeRaw: table) WHERE recorded_at IS NULL").first()?
                    .value("seq", as: Int64?.self)
            }
            return IntegrityReport.Chain(
                name: chain.name, entries: chain.entries, redacted: chain.redacted, headHash: chain.headHash,
                firstBroken: .init(seq: first ?? 0,
                                   reason: "\(chain.redacted) entries are redacted but erasures account for \(declared): payloads were removed outside an erasure"))
        }
        return IntegrityReport(consent: try await check(report.consent, declared: declaredConsent),
                               audit: try await check(report.audit, declared: declaredAudit))
    }
}
