import Foundation
import SQLKit

extension ConfideStore {
    /// Deletes records held longer than their kind's retention (the longest retention among
    /// the kind's purposes, counted from when each record was stored). With `dryRun`, only
    /// counts them. Records of kinds the policy no longer declares are counted, not deleted.
    public func purge(at instant: Date = Date(), dryRun: Bool = false) async throws -> PurgeReport {
        let at = Timestamp.milliseconds(instant)
        let report = try await (dryRun ? database.read : database.write) { sql in
            var expired: [String: Int] = [:]
            for kind in self.policy.kinds {
                let cutoff = Timestamp.adding(days: -self.policy.retentionDays(of: kind), to: at)
                let count = Int(try await sql.raw("""
                    SELECT COUNT(*) AS n FROM records WHERE kind = \(bind: kind.key) AND created_at <= \(bind: cutoff)
                    """).first()?.value("n", as: Int64.self) ?? 0)
                guard count > 0 else { continue }
                expired[kind.key] = count
                if !dryRun {
                    try await sql.raw("DELETE FROM records WHERE kind = \(bind: kind.key) AND created_at <= \(bind: cutoff)").run()
                }
            }
            var undeclared: [String: Int] = [:]
            for row in try await sql.raw("SELECT kind, COUNT(*) AS n FROM records GROUP BY kind").all() {
                let kind: String = try row.value("kind")
                if self.policy.kind(kind) == nil { undeclared[kind] = Int(try row.value("n", as: Int64.self)) }
            }
            if !dryRun {
                var details = expired.mapValues(String.init)
                details["total"] = String(expired.values.reduce(0, +))
                try await self.appendAudit(action: "retention.purge", subject: nil, details: details, at: at, on: sql)
            }
            return PurgeReport(at: Timestamp.date(at), dryRun: dryRun, expired: expired, undeclaredKinds: undeclared)
        }
        if !dryRun && report.total > 0 { try await scrubFreedSpace() }
        return report
    }
}
