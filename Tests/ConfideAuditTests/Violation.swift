import ConfideTestSupport
import ConfideAudit
import ConfideCrypto
import ConfidePolicy
@testable import ConfideStore
import Foundation
import SQLKit
import Testing

/// One violation of the policy, seeded on top of the lawful baseline, and the one finding it must yield.
struct Violation: Sendable, CustomTestStringConvertible {
    /// What the finding must say.
    struct Expected: Sendable {
        let code: FindingCode
        /// The affected subjects, exactly.
        let subjects: [Pseudonym]
        /// How many rows are affected.
        let count: Int
        /// The clause's path.
        let clause: String
        /// Some affected references, if the test knows them.
        var references: [String] = []
    }

    let name: String
    /// The policy the store is written under (the audit uses the shipped one unless `auditPolicyText` is set).
    var writerPolicy: Policy = AuditFixtures.policy
    /// The policy text audited against, loaded reporting its problems.
    var auditPolicyText: String?
    var at: Date = AuditFixtures.auditDay
    let seed: @Sendable (ConfideStore, Baseline) async throws -> Expected

    var testDescription: String { name }

    static let all: [Violation] = consent + data + requests + integrity + training + [policyProblem]

    static func pseudonym(_ store: ConfideStore, _ name: String) throws -> Pseudonym {
        try store.pseudonym(for: "subject-\(name)")
    }

    static let consent: [Violation] = [
        Violation(name: "participation without consent") { store, baseline in
            let stranger = try await Baseline.newcomer(store, "x")
            let round = try await Baseline.round(store, task: .kmeans, participants: baseline.participants.prefix(3) + [stranger])
            return Expected(code: .consentMissing, subjects: [stranger.subject], count: 1, clause: "purposes.segmentation",
                            references: ["\(round)/device-x"])
        },
        Violation(name: "participation after withdrawal") { store, baseline in
            // d withdrew segmentation on day 6; a round on day 8 still includes d's device.
            try await Baseline.round(store, task: .kmeans, participants: Array(baseline.participants.suffix(2)))
            return Expected(code: .consentWithdrawn, subjects: [baseline.subjects[3]], count: 1, clause: "purposes.segmentation")
        },
        Violation(name: "participation on expired consent") { store, baseline in
            let late = try await Baseline.newcomer(store, "x")
            try await store.grantConsent(subject: late.subject, purpose: "recommendations", channel: "web", method: "checkbox",
                                         at: AuditFixtures.day(-400))
            try await Baseline.round(store, task: .mf, participants: baseline.participants + [late])
            return Expected(code: .consentExpired, subjects: [late.subject], count: 1, clause: "purposes.recommendations")
        },
    ]

    static let data: [Violation] = [
        Violation(name: "record past retention") { store, _ in
            let subject = try pseudonym(store, "x")
            let old = try await store.ingest(["occupation": .string("baker")], kind: "profile", subject: subject, at: AuditFixtures.day(-800))
            return Expected(code: .retentionExceeded, subjects: [subject], count: 1, clause: "purposes.account",
                            references: [old.id])
        },
        Violation(name: "record of an undeclared kind",
                  writerPolicy: AuditFixtures.variant([("\nrecipients:", "\n  wishlist:\n    description: Items saved for later.\n    source: the app\n    purposes: [account]\n    fields:\n      item: keep\n\nrecipients:")])) { store, _ in
            let subject = try pseudonym(store, "x")
            try await store.ingest(["item": .string("sku-9")], kind: "wishlist", subject: subject, at: AuditFixtures.day(2))
            return Expected(code: .kindUndeclared, subjects: [subject], count: 1, clause: "kinds")
        },
        Violation(name: "stored field no longer declared",
                  writerPolicy: AuditFixtures.variant([("      gender: keep\n", "      gender: keep\n      shoe_size: keep\n")])) { store, _ in
            let subject = try pseudonym(store, "x")
            try await store.ingest(["shoe_size": .integer(44)], kind: "profile", subject: subject, at: AuditFixtures.day(2))
            return Expected(code: .fieldUndeclared, subjects: [subject], count: 1, clause: "kinds.profile")
        },
        Violation(name: "stored field the policy drops",
                  writerPolicy: AuditFixtures.variant([("      phone: drop\n", "      phone: keep\n")])) { store, _ in
            let subject = try pseudonym(store, "x")
            try await store.ingest(["phone": .string("+44 20 7946 0958")], kind: "profile", subject: subject, at: AuditFixtures.day(2))
            return Expected(code: .fieldNotDropped, subjects: [subject], count: 1, clause: "kinds.profile.fields.phone")
        },
        Violation(name: "personal data left in a redacted field",
                  writerPolicy: AuditFixtures.variant([("      bio: redact\n", "      bio: keep\n")])) { store, _ in
            let subject = try pseudonym(store, "x")
            try await store.ingest(["bio": .string("write to x.y@example.org")], kind: "profile", subject: subject, at: AuditFixtures.day(2))
            return Expected(code: .fieldPIIUnredacted, subjects: [subject], count: 1, clause: "kinds.profile.fields.bio")
        },
        Violation(name: "field not pseudonymized",
                  writerPolicy: AuditFixtures.variant([("      user_id: pseudonymize\n", "      user_id: keep\n")])) { store, _ in
            let subject = try pseudonym(store, "x")
            try await store.ingest(["user_id": .string("user-1234")], kind: "profile", subject: subject, at: AuditFixtures.day(2))
            return Expected(code: .fieldNotPseudonymized, subjects: [subject], count: 1, clause: "kinds.profile.fields.user_id")
        },
        Violation(name: "field not generalized",
                  writerPolicy: AuditFixtures.variant([("      signup_time: {generalize: timestamp, to: month}\n", "      signup_time: keep\n")])) { store, _ in
            let subject = try pseudonym(store, "x")
            try await store.ingest(["signup_time": .string("2025-03-15T10:20:30Z")], kind: "profile", subject: subject, at: AuditFixtures.day(2))
            return Expected(code: .fieldNotGeneralized, subjects: [subject], count: 1, clause: "kinds.profile.fields.signup_time")
        },
        Violation(name: "record that does not decrypt") { store, _ in
            let subject = try pseudonym(store, "x")
            let kept = try await store.ingest(["occupation": .string("baker")], kind: "profile", subject: subject, at: AuditFixtures.day(2))
            let moved = try await store.ingest(["occupation": .string("cook")], kind: "profile", subject: subject, at: AuditFixtures.day(2))
            // Ciphertext copied from another record is bound to that record's id and fails to open.
            try await store.rawExecute("UPDATE records SET payload = (SELECT payload FROM records WHERE id = \(bind: kept.id)) WHERE id = \(bind: moved.id)")
            return Expected(code: .recordUnreadable, subjects: [subject], count: 1, clause: "security_measures", references: [moved.id])
        },
    ]

    static let requests: [Violation] = [
        Violation(name: "request overdue") { store, _ in
            let subject = try pseudonym(store, "x")
            let request = try await store.receiveRequest(.access, subject: subject, at: AuditFixtures.day(-40))
            return Expected(code: .requestOverdue, subjects: [subject], count: 1, clause: "requests", references: [request.id])
        },
        Violation(name: "request completed late") { store, _ in
            let subject = try pseudonym(store, "x")
            try await store.ingest(["occupation": .string("baker")], kind: "profile", subject: subject, at: AuditFixtures.day(-50))
            let request = try await store.receiveRequest(.erasure, subject: subject, at: AuditFixtures.day(-40))
            try await store.erase(subject: subject, at: AuditFixtures.day(-5), requestID: request.id)
            // A completed erasure names no one any more.
            return Expected(code: .requestLate, subjects: [], count: 1, clause: "requests", references: [request.id])
        },
        Violation(name: "erased subject still in the store") { store, _ in
            let subject = try pseudonym(store, "x")
            try await store.ingest(["occupation": .string("baker")], kind: "profile", subject: subject, at: AuditFixtures.day(1))
            try await store.erase(subject: subject, at: AuditFixtures.day(2))
            // A device row restored from a backup taken before the erasure.
            try await store.rawExecute("""
                INSERT INTO devices (device_id, subject, registered_at, status)
                VALUES ('device-ghost', \(bind: subject.value), \(bind: Timestamp.milliseconds(AuditFixtures.day(1))), 'active')
                """)
            return Expected(code: .erasureIncomplete, subjects: [subject], count: 1, clause: "requests",
                            references: ["devices:device-ghost"])
        },
        Violation(name: "device wipe not confirmed") { store, _ in
            let device = try await Baseline.newcomer(store, "x", at: AuditFixtures.day(-50))
            try await store.erase(subject: device.subject, at: AuditFixtures.day(-40))
            return Expected(code: .wipeUnconfirmed, subjects: [], count: 1, clause: "requests", references: ["device-x"])
        },
    ]

    static let integrity: [Violation] = [
        Violation(name: "consent ledger edited") { store, baseline in
            try await store.rawExecute("UPDATE consent_ledger SET channel = 'web' WHERE seq = 3")
            return Expected(code: .consentChainBroken, subjects: [baseline.subjects[1]], count: 1, clause: "consent", references: ["3"])
        },
        Violation(name: "audit log edited") { store, _ in
            try await store.rawExecute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 4")
            return Expected(code: .auditChainBroken, subjects: [], count: 1, clause: "security_measures", references: ["4"])
        },
    ]

    static let training: [Violation] = [
        Violation(name: "privacy budget exceeded") { store, baseline in
            let round = try await Baseline.round(store, task: .mf, participants: baseline.participants, epsilon: 7.75)
            return Expected(code: .epsilonBudgetExceeded, subjects: baseline.active, count: 1, clause: "training",
                            references: [round])
        },
        Violation(name: "privacy spend understated") { store, baseline in
            // σ 3 over the whole population costs about 1.5, not the 0.25 recorded.
            let round = try await Baseline.round(store, task: .mf, participants: baseline.participants, epsilon: 0.25,
                                                 noise: (sigma: 3, rate: 1))
            return Expected(code: .epsilonUnderstated, subjects: baseline.active, count: 2, clause: "training",
                            references: [baseline.roundID, round])
        },
        Violation(name: "round below the minimum cohort") { store, baseline in
            let round = try await Baseline.round(store, task: .mf, participants: Array(baseline.participants.prefix(2)), cohort: 2)
            return Expected(code: .cohortBelowMinimum, subjects: Array(baseline.subjects.prefix(2)), count: 1,
                            clause: "training", references: [round])
        },
        Violation(name: "task not allowed by its purpose",
                  writerPolicy: AuditFixtures.variant([("    tasks: [stats, kmeans]\n", "    tasks: [stats, kmeans, eval]\n"),
                                                       ("    tasks: [mf, eval, histogram]\n", "    tasks: [mf, histogram]\n")])) { store, baseline in
            let round = try await Baseline.round(store, task: .eval, participants: Array(baseline.participants.prefix(3)), epsilon: 0)
            return Expected(code: .taskNotAllowed, subjects: Array(baseline.subjects.prefix(3)), count: 1,
                            clause: "purposes.segmentation", references: [round])
        },
        Violation(name: "model older than its purpose allows",
                  auditPolicyText: AuditFixtures.text([("    tasks: [mf, eval, histogram]\n    retrain_every_days: 30\n",
                                                        "    tasks: [mf, eval, histogram]\n    retrain_every_days: 1\n")])) { store, baseline in
            // Trained on day 8 and audited on day 10: two days old, one allowed.
            let round = try await Baseline.round(store, task: .mf, participants: Array(baseline.participants.prefix(3)))
            return Expected(code: .modelStale, subjects: Array(baseline.subjects.prefix(3)), count: 1,
                            clause: "purposes.recommendations", references: [round])
        },
        Violation(name: "training for an undeclared purpose", writerPolicy: researchPolicy) { store, baseline in
            let volunteer = baseline.participants[0]
            try await store.grantConsent(subject: volunteer.subject, purpose: "research", channel: "app", method: "checkbox",
                                         at: AuditFixtures.day(7))
            let round = try await Baseline.round(store, task: .eval, participants: [volunteer], epsilon: 0)
            return Expected(code: .purposeUndeclared, subjects: [volunteer.subject], count: 2, clause: "purposes",
                            references: [round, "\(round)/\(volunteer.deviceID)"])
        },
    ]

    /// The shipped policy with a consent-based `research` purpose that owns the `eval` task.
    static let researchPolicy = AuditFixtures.variant([
        ("    tasks: [mf, eval, histogram]\n", "    tasks: [mf, histogram]\n"),
        ("\n  security:\n", "\n  research:\n    description: Evaluate models.\n    lawful_basis: consent\n    data_categories: [ratings]\n    retention_days: 30\n    tasks: [eval]\n    notice: We evaluate models on your device.\n\n  security:\n"),
    ])

    static let policyProblem = Violation(
        name: "policy problem",
        auditPolicyText: AuditFixtures.text([("    purposes: [segmentation, recommendations]\n", "    purposes: [segmentation, recommendations, marketing]\n")])
    ) { _, _ in
        Expected(code: .policyProblem, subjects: [], count: 0, clause: "kinds.rating.purposes")
    }
}
