import ConfideAudit
import ConfideCrypto
import ConfideML
import ConfidePolicy
import ConfideStore
import Foundation

/// A reproducible season of a coordinator's store for `confide-bench audit`: subjects sign
/// up over 60 days with a profile, ratings, consent and a device; some withdraw; training
/// rounds sample consenting devices; some subjects ask for their data or its erasure. All of
/// it lawful, until ``plantViolations()`` adds five known violations.
struct AuditBenchHistory {
    let store: ConfideStore
    let subjects: Int
    let rounds: Int
    var random: SeededGenerator

    /// The subjects the planted violations concern.
    private(set) var plantedSubjects: Set<Pseudonym> = []
    private var pseudonyms: [Pseudonym] = []
    private var erased: Set<Int> = []
    private var withdrewSegmentation: [Int] = []

    /// The findings ``plantViolations()`` must produce.
    static let plantedCodes: Set<FindingCode> = [.consentWithdrawn, .cohortBelowMinimum, .requestOverdue, .retentionExceeded, .wipeUnconfirmed]

    init(store: ConfideStore, subjects: Int, rounds: Int, seed: UInt64) {
        self.store = store
        self.subjects = subjects
        self.rounds = rounds
        random = SeededGenerator(seed: seed)
    }

    private func day(_ days: Double) -> Date { AuditBench.day(days) }
    private func device(_ index: Int) -> String { "device-\(index)" }

    mutating func seedLawfulSeason() async throws {
        let occupations = ["writer", "engineer", "student", "nurse", "artist", "retired"]
        for index in 0..<subjects {
            let subject = try store.pseudonym(for: "bench-subject-\(index)")
            pseudonyms.append(subject)
            let signup = Double.random(in: 0..<60, using: &random)
            let bio = index % 7 == 0 ? "reach me at user\(index)@example.org" : "likes films"
            try await store.ingest(["name": .string("User \(index)"), "email": .string("user\(index)@example.org"),
                                    "age": .integer(Int64.random(in: 18...80, using: &random)), "gender": .string(index % 2 == 0 ? "F" : "M"),
                                    "occupation": .string(occupations[index % occupations.count]), "zip": .string("750\(index % 20 + 10)"),
                                    "bio": .string(bio)], kind: "profile", subject: subject, at: day(signup))
            for rating in 0..<3 {
                try await store.ingest(["movie_id": .integer(Int64.random(in: 1...1682, using: &random)),
                                        "rating": .integer(Int64.random(in: 1...5, using: &random)),
                                        "timestamp": .integer(1_748_736_000 + Int64(signup * 86_400) + Int64(rating) * 3_600)],
                                       kind: "rating", subject: subject, at: day(signup + Double(rating) / 24))
            }
            for (purpose, rate) in [("segmentation", 0.8), ("recommendations", 0.7)] where Double.random(in: 0..<1, using: &random) < rate {
                try await store.grantConsent(subject: subject, purpose: purpose, channel: index % 3 == 0 ? "web" : "app",
                                             method: "checkbox", at: day(signup))
                if Double.random(in: 0..<1, using: &random) < 0.1 {
                    let when = Double.random(in: (signup + 1)..<85, using: &random)
                    try await store.withdrawConsent(subject: subject, purpose: purpose, channel: "app", method: "toggle", at: day(when))
                    if purpose == "segmentation" && when < 87 { withdrewSegmentation.append(index) }
                }
            }
            try await store.registerDevice(device(index), subject: subject, publicKey: try IdentityKey().publicKey, at: day(signup))
        }
        for task in [TrainingTask.kmeans, .mf] {
            _ = try await store.publishInitialModel(task: task, parameters: [0], signature: [0], at: day(60))
        }
        for round in 0..<rounds {
            let when = 62 + Double(round) * 24 / Double(rounds)
            let task: TrainingTask = round % 2 == 0 ? .kmeans : .mf
            try await self.round(task, at: when, extra: [])
        }
        for index in 0..<subjects where Double.random(in: 0..<1, using: &random) < 0.01 {
            _ = try await store.export(subject: pseudonyms[index], at: day(Double.random(in: 30..<80, using: &random)))
        }
        for index in 0..<subjects where Double.random(in: 0..<1, using: &random) < 0.02 {
            let when = Double.random(in: 62..<80, using: &random)
            try await store.erase(subject: pseudonyms[index], at: day(when))
            try await store.confirmWipe(device(index), at: day(when + Double.random(in: 0.1..<3, using: &random)))
            erased.insert(index)
        }
    }

    /// A completed round at `when` over half the devices whose subjects consent then, plus `extra`.
    @discardableResult
    private mutating func round(_ task: TrainingTask, at when: Double, extra: [Int], cohort: Int? = nil, epsilon: Double = 0.4) async throws -> String {
        let purpose = task == .kmeans ? "segmentation" : "recommendations"
        let eligible = try await store.subjectsWithConsent(purpose: purpose, at: day(when))
        var members = (0..<subjects).filter { !erased.contains($0) && eligible.contains(pseudonyms[$0]) }
            .filter { _ in Bool.random(using: &random) }
        if let cohort { members = Array(members.prefix(cohort)) }
        members += extra
        let base = try await store.latestModel(task: task)?.version
        let record = try await store.beginRound(task: task, cohortSize: members.count, baseVersion: base, at: day(when))
        try await store.completeRound(record.id, cohortSize: members.count, epsilon: epsilon,
                                      participants: members.map { Participant(deviceID: device($0), subject: pseudonyms[$0]) },
                                      parameters: [1], signature: [1], at: day(when))
        return record.id
    }

    /// Five violations, one of each kind in ``plantedCodes``.
    mutating func plantViolations() async throws {
        // A coordinator that forgot to re-check consent: three subjects who withdrew join a round.
        let withdrawn = Array(withdrewSegmentation.filter { !erased.contains($0) }.prefix(3))
        try await round(.kmeans, at: 88, extra: withdrawn)
        plantedSubjects.formUnion(withdrawn.map { pseudonyms[$0] })
        // A round that should have been aborted: 12 devices, below the minimum cohort of 50.
        try await round(.kmeans, at: 89, extra: [], cohort: 12, epsilon: 0.1)
        // Two access requests received on day 40 and never answered (due on day 70).
        let live = (0..<subjects).filter { !erased.contains($0) }
        for index in live.suffix(2) {
            try await store.receiveRequest(.access, subject: pseudonyms[index], at: day(40))
            plantedSubjects.insert(pseudonyms[index])
        }
        // Five subjects with a rating stored 400 days before the season, never purged (365 days).
        for index in live.prefix(5) {
            try await store.ingest(["movie_id": .integer(1), "rating": .integer(3)], kind: "rating", subject: pseudonyms[index], at: day(-400))
            plantedSubjects.insert(pseudonyms[index])
        }
        // An erasure on day 20 whose device never confirmed its wipe (due by day 50).
        let gone = live.dropFirst(live.count / 2).first { !withdrawn.contains($0) }!
        try await store.erase(subject: pseudonyms[gone], at: day(20))
        erased.insert(gone)
    }
}
