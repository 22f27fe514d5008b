import ArgumentParser
import ConfideAudit
import ConfideCrypto
import ConfideML
import ConfidePolicy
import ConfideStore
import Foundation
import Logging

/// `confide-bench audit`: seeds a store with a season of lawful activity plus five planted
/// violations, audits it, and checks that the audit finds exactly the planted ones. Keeps the
/// store (with `--db` and `--key-file`) so `confide-coordinator policy audit` can be run on it.
struct AuditBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Policy audit speed on a seeded store with planted violations (or none, with --clean)."
    )

    @Option(help: "The database: sqlite:PATH of a file that does not exist yet (a temporary one when omitted) or a postgres:// URL of an empty database.")
    var db: String?
    @Option(help: "A key file to create for the store, so it can be audited again with confide-coordinator (default: keys held in memory only).")
    var keyFile: String?
    @Option(help: "The policy folder.") var policies = "policies"
    @Option(help: "Subjects, each with a profile, three ratings, consent and a device (at least 200).") var subjects = 1_000
    @Option(help: "Completed training rounds.") var rounds = 12
    @Option(help: "Seed of the simulated history.") var seed: UInt64 = 1
    @Flag(help: "Plant no violation: the audit must then be clean.") var clean = false

    /// The day the history starts (2025-06-01T00:00:00Z) and the day it is audited, 90 days later.
    static let start = Date(timeIntervalSince1970: 1_748_736_000)
    static let auditDay = 90.0

    static func day(_ days: Double) -> Date { start.addingTimeInterval(days * 86_400) }

    func validate() throws {
        guard subjects >= 200, rounds >= 1, rounds <= 50 else {
            throw ValidationError("--subjects must be at least 200 (cohorts reach the default minimum of 50) and --rounds 1 to 50")
        }
        if let db, db.hasPrefix("sqlite:"), FileManager.default.fileExists(atPath: String(db.dropFirst("sqlite:".count))) {
            throw ValidationError("\(db) exists; the benchmark seeds a new store")
        }
    }

    func run() async throws {
        var report = BenchReport()
        let policy = try PolicyLoader.load(policies)
        let folder = NSTemporaryDirectory() + "confide-bench-audit-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let location = try StoreLocation(parsing: db ?? "sqlite:\(folder)/audit.sqlite")
        let keys = try keyFile.map { try StoreKeys.load(keyFile: $0, environment: [:]) } ?? StoreKeys.generate()
        var logger = Logger(label: "confide.bench")
        logger.logLevel = .error
        let store = try await ConfideStore.open(location, policy: policy, keys: keys, actor: "bench", logger: logger)
        report.figure("backend", location.description.hasPrefix("sqlite") ? "sqlite" : "postgres")

        var history = AuditBenchHistory(store: store, subjects: subjects, rounds: rounds, seed: seed)
        let seeding = try await Timing.seconds {
            try await history.seedLawfulSeason()
            if !clean { try await history.plantViolations() }
        }
        report.figure("subjects", subjects)
        report.figure("records", try await store.recordSummaries().count)
        report.figure("participations", try await store.allParticipations().count)
        report.figure("seed_seconds", seeding)

        var intact = false
        let verify = try await Timing.seconds { intact = try await store.verify().isIntact }
        report.check(intact, "chains intact")
        var audit: AuditReport?
        let auditing = try await Timing.seconds {
            audit = try await PolicyAuditor(store: store, policy: policy).run(at: Self.day(Self.auditDay))
        }
        await store.close()
        guard let audit else { throw report.finish() }
        report.figure("verify_seconds", verify)
        report.figure("audit_seconds", auditing)
        report.figure("audit_over_verify", auditing / verify, digits: 2)
        var html = ""
        let rendering = Timing.seconds { html = HTMLReportRenderer().render(audit) }
        report.figure("html_render_seconds", rendering)
        report.figure("html_bytes", html.utf8.count)
        report.figure("json_bytes", try audit.jsonData().count)
        report.figure("findings", audit.findings.count)
        report.figure("codes", audit.findings.map(\.code.rawValue).joined(separator: ","))
        let expected: Set<FindingCode> = clean ? [] : AuditBenchHistory.plantedCodes
        report.check(Set(audit.findings.map(\.code)) == expected && audit.findings.count == expected.count,
                     "the audit finds exactly the planted violations")
        report.check(history.plantedSubjects.isSubset(of: Set(audit.findings.flatMap(\.affected.subjects))),
                     "every planted subject is named")
        if let keyFile, db != nil {
            print("audit again: confide-coordinator policy audit --db \(location) --policies \(policies) --key-file \(keyFile) --at \(StoreJSON.format(Self.day(Self.auditDay)))")
        }
        throw report.finish()
    }
}
