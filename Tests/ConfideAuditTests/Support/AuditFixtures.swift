import ConfideAudit
import ConfideCrypto
import ConfidePolicy
@testable import ConfideStore
import ConfideTestSupport
import Foundation
import Logging

/// Policies, stores and a baseline of lawful activity for the audit tests.
enum AuditFixtures {
    static let repositoryRoot = ConfideTestSupport.repositoryRoot

    /// The shipped policy's text.
    static let defaultPolicyText: String = {
        do {
            return try String(contentsOfFile: repositoryRoot + "/policies/default.yaml", encoding: .utf8)
        } catch {
            fatalError("the shipped policy is unreadable: \(error)")
        }
    }()

    /// The shipped policy, named as the command line would name it.
    static let policy: Policy = variant([])

    /// The shipped policy with each `(old, new)` text replaced; the result must be valid.
    static func variant(_ replacements: [(String, String)]) -> Policy {
        do {
            return try PolicyLoader.parse(yaml: text(replacements), file: "policies/default.yaml")
        } catch {
            fatalError("the test policy is invalid: \(error)")
        }
    }

    /// The shipped policy's text with each `(old, new)` replaced (each `old` must occur).
    static func text(_ replacements: [(String, String)]) -> String {
        var text = defaultPolicyText
        for (old, new) in replacements {
            precondition(text.contains(old), "the policy has no '\(old)'")
            text = text.replacingOccurrences(of: old, with: new)
        }
        return text
    }

    /// `days` days after 2025-06-01T00:00:00Z.
    static func day(_ days: Double) -> Date {
        Date(timeIntervalSince1970: 1_748_736_000 + days * 86_400)
    }

    /// The instant audits judge at unless a test says otherwise.
    static let auditDay = day(10)

    static let quietLogger: Logger = {
        var logger = Logger(label: "confide.audit.test")
        logger.logLevel = .error
        return logger
    }()

    /// Opens a store written under `policy` on a fresh database, runs `body`, then removes it.
    static func withStore<R: Sendable>(_ backend: Backend, policy: Policy = AuditFixtures.policy,
                                       _ body: @Sendable (ConfideStore) async throws -> R) async throws -> R {
        let database = try await TestDatabase.make(backend)
        do {
            let store = try await ConfideStore.open(database.location, policy: policy, keys: StoreKeys.generate(),
                                                    actor: "test", logger: quietLogger)
            do {
                let result = try await body(store)
                await store.close()
                await database.remove()
                return result
            } catch {
                await store.close()
                throw error
            }
        } catch {
            await database.remove()
            throw error
        }
    }

    /// Audits `store` against `policy` at `instant`.
    static func audit(_ store: ConfideStore, policy: Policy = AuditFixtures.policy, problems: [PolicyDiagnostic] = [],
                      at instant: Date = auditDay) async throws -> AuditReport {
        try await PolicyAuditor(store: store, policy: policy, policyProblems: problems).run(at: instant)
    }
}

/// A store's lawful history: five subjects with profiles, ratings, consent and devices, a
/// completed round, an answered access request, an erasure with its device wiped, and a
/// withdrawal after the round.
struct Baseline: Sendable {
    let subjects: [Pseudonym]
    let devices: [String]
    let roundID: String

    /// The subjects still held (all but the erased last one).
    var active: [Pseudonym] { Array(subjects.dropLast()) }
    var participants: [Participant] { zip(devices, subjects).dropLast().map { Participant(deviceID: $0, subject: $1) } }

    static func seed(_ store: ConfideStore) async throws -> Baseline {
        var subjects: [Pseudonym] = [], devices: [String] = []
        for name in ["a", "b", "c", "d", "e"] {
            let subject = try store.pseudonym(for: "subject-\(name)")
            subjects.append(subject)
            let at = AuditFixtures.day(0)
            try await store.ingest(["name": .string("Name \(name)"), "email": .string("\(name)@example.org"), "age": .integer(34),
                                    "occupation": .string("writer"), "zip": .string("75011"), "bio": .string("likes films")],
                                   kind: "profile", subject: subject, at: at)
            try await store.ingest(["movie_id": .integer(50), "rating": .integer(5), "timestamp": .integer(1_748_736_000)],
                                   kind: "rating", subject: subject, at: at)
            for purpose in ["segmentation", "recommendations"] {
                try await store.grantConsent(subject: subject, purpose: purpose, channel: "app", method: "checkbox", at: at)
            }
            try await store.registerDevice("device-\(name)", subject: subject, publicKey: try IdentityKey().publicKey, at: at)
            devices.append("device-\(name)")
        }
        let participants = zip(devices, subjects).map { Participant(deviceID: $0, subject: $1) }
        _ = try await store.publishInitialModel(task: .kmeans, parameters: [0], signature: [1], at: AuditFixtures.day(0))
        let round = try await store.beginRound(task: .kmeans, cohortSize: 60, baseVersion: 0, at: AuditFixtures.day(1))
        try await store.completeRound(round.id, cohortSize: 60, epsilon: 0.5, participants: participants, parameters: [2],
                                      signature: [3], noiseMultiplier: 6, samplingRate: 0.05, at: AuditFixtures.day(1))
        _ = try await store.export(subject: subjects[0], at: AuditFixtures.day(3))
        try await store.erase(subject: subjects[4], at: AuditFixtures.day(4))
        try await store.confirmWipe("device-e", at: AuditFixtures.day(5))
        try await store.withdrawConsent(subject: subjects[3], purpose: "segmentation", channel: "app", method: "toggle",
                                        at: AuditFixtures.day(6))
        return Baseline(subjects: subjects, devices: devices, roundID: round.id)
    }

    /// Registers a device for a new subject `name` and returns it as a participant.
    static func newcomer(_ store: ConfideStore, _ name: String, at: Date = AuditFixtures.day(0)) async throws -> Participant {
        let subject = try store.pseudonym(for: "subject-\(name)")
        try await store.registerDevice("device-\(name)", subject: subject, publicKey: try IdentityKey().publicKey, at: at)
        return Participant(deviceID: "device-\(name)", subject: subject)
    }

    /// Runs a completed round of `task` from `start` to `end` with `participants`.
    @discardableResult
    static func round(_ store: ConfideStore, task: TrainingTask, participants: [Participant], cohort: Int = 60,
                      epsilon: Double = 0.25, noise: (sigma: Double, rate: Double) = (6, 0.05),
                      start: Date = AuditFixtures.day(8), end: Date = AuditFixtures.day(8)) async throws -> String {
        let base = try await store.latestModel(task: task)?.version
        let version: Int64
        if let base { version = base } else {
            version = try await store.publishInitialModel(task: task, parameters: [0], signature: [1], at: start).version
        }
        let round = try await store.beginRound(task: task, cohortSize: cohort, baseVersion: version, at: start)
        // σ 6 at q 0.05: about 0.02 per round, so the recorded ε never understates it.
        try await store.completeRound(round.id, cohortSize: cohort, epsilon: epsilon, participants: participants,
                                      parameters: [4], signature: [5], noiseMultiplier: noise.sigma, samplingRate: noise.rate, at: end)
        return round.id
    }
}
