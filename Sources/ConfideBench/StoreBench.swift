import ArgumentParser
import ConfideCrypto
import ConfidePolicy
import ConfideStore
import Foundation
import Logging

/// `confide-bench store`: throughput of the privacy store on SQLite (default) or PostgreSQL.
struct StoreBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Ingest, consent, device registration, round completion, erasure, verification and PII scanning speeds."
    )

    @Option(help: "The database: sqlite:PATH (a fresh file is made when omitted) or a postgres:// URL of an empty database.")
    var db: String?

    @Option(help: "The policy folder.") var policies = "policies"
    @Option(help: "Records ingested (and subjects given consent and a device).") var records = 2_000
    @Option(help: "Participants of the completed round.") var participants = 1_000

    func validate() throws {
        guard records > 0, participants > 0, participants <= records else {
            throw ValidationError("--records and --participants must be positive, with participants ≤ records")
        }
    }

    func run() async throws {
        var report = BenchReport()
        let policy = try PolicyLoader.load(policies)
        let folder = NSTemporaryDirectory() + "confide-bench-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let location = try StoreLocation(parsing: db ?? "sqlite:\(folder)/bench.sqlite")
        var logger = Logger(label: "confide.bench")
        logger.logLevel = .error
        let store = try await ConfideStore.open(location, policy: policy, keys: try StoreKeys.generate(), actor: "bench", logger: logger)
        report.figure("backend", location.description.hasPrefix("sqlite") ? "sqlite" : "postgres")

        let subjects = try (0..<records).map { try store.pseudonym(for: "bench-subject-\($0)") }
        let profile: [String: JSONValue] = ["name": .string("Ada"), "email": .string("ada@example.org"), "age": .integer(37),
                                            "zip": .string("85711"), "gender": .string("F"), "occupation": .string("engineer"),
                                            "bio": .string("call +44 20 7946 0958 or mail ada@example.org")]
        let ingest = try await Timing.seconds {
            for subject in subjects { try await store.ingest(profile, kind: "profile", subject: subject) }
        }
        report.figure("ingest_records_per_s", Double(records) / ingest, digits: 0)
        let grant = try await Timing.seconds {
            for subject in subjects {
                try await store.grantConsent(subject: subject, purpose: "recommendations", channel: "app", method: "checkbox")
            }
        }
        report.figure("consent_grants_per_s", Double(records) / grant, digits: 0)
        let devices = try (0..<records).map { _ in try IdentityKey().publicKey }
        let register = try await Timing.seconds {
            for (index, subject) in subjects.enumerated() {
                try await store.registerDevice("bench-device-\(index)", subject: subject, publicKey: devices[index])
            }
        }
        report.figure("device_registrations_per_s", Double(records) / register, digits: 0)

        let round = try await store.beginRound(task: .mf, cohortSize: participants, baseVersion: nil)
        let cohort = (0..<participants).map { Participant(deviceID: "bench-device-\($0)", subject: subjects[$0]) }
        let complete = try await Timing.seconds {
            try await store.completeRound(round.id, cohortSize: participants, epsilon: 0.1, participants: cohort,
                                          parameters: [UInt8](repeating: 1, count: 400_000), signature: [0])
        }
        report.figure("complete_round_seconds", complete)
        report.check(try await store.participations(inRound: round.id).count == participants, "every participation recorded")

        let eligible = try await Timing.seconds {
            report.check(try await store.subjectsWithConsent(purpose: "recommendations").count == records, "every subject eligible")
        }
        report.figure("eligible_cohort_query_seconds", eligible)
        let erase = try await Timing.seconds { try await store.erase(subject: subjects[0]) }
        report.figure("erase_seconds", erase)
        var intact = false
        let verify = try await Timing.seconds { intact = try await store.verify().isIntact }
        report.check(intact, "chains intact")
        let entries = try await store.consentEntries().count + store.auditEntries().count
        report.figure("verify_entries_per_s", Double(entries) / verify, digits: 0)
        await store.close()

        let text = String(repeating: "Order 4411 shipped to 203.0.113.7; questions to help@example.org or +33 6 12 34 56 78. ", count: 2_000)
        let scan = Timing.best(of: 3) { _ = PIIScanner.standard.redact(text) }
        report.figure("pii_redact_mb_per_s", Double(text.utf8.count) / scan / 1e6)
        throw report.finish()
    }
}

extension Timing {
    /// Wall-clock seconds taken by an asynchronous `body`.
    static func seconds(_ body: () async throws -> Void) async rethrows -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try await body()
        let elapsed = clock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
}
