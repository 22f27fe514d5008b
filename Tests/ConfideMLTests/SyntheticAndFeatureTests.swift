@testable import ConfideML
import Testing

@Suite("Synthetic e-commerce, device cleaning pipeline, features")
struct SyntheticAndFeatureTests {
    private let population = try! SyntheticCommerce(.init(users: 400, seed: 5))

    @Test func generationIsReproducibleAndPerUser() throws {
        #expect(population.user(17) == population.user(17))
        let other = try SyntheticCommerce(.init(users: 10_000, seed: 5))
        // A user does not depend on how many others there are: devices generate only themselves.
        #expect(other.user(17) == population.user(17))
        #expect(try SyntheticCommerce(.init(users: 400, seed: 6)).user(17) != population.user(17))
    }

    @Test func injectedDirtIsAtTheConfiguredRates() {
        let users = population.users()
        let events = users.flatMap(\.events)
        let duplicates = users.reduce(0) { total, user in
            total + zip(user.events, user.events.dropFirst()).filter { $0.eventID == $1.eventID }.count
        }
        let duplicateRate = Double(duplicates) / Double(events.count)
        #expect(duplicateRate > 0.01 && duplicateRate < 0.03)
        let missingTimes = Double(events.filter { $0.timestamp == nil }.count) / Double(events.count)
        #expect(missingTimes > 0.03 && missingTimes < 0.07)
        #expect(users.contains { $0.profile.age == 150 })
        #expect(events.contains { ($0.amount ?? 0) < 0 })
        #expect(events.contains { ($0.sessionSeconds ?? 0) >= 72_000 })
        #expect(users.allSatisfy { $0.profile.name != nil && $0.profile.ipAddress != nil })
    }

    @Test func cleaningRemovesTheDirtAndCountsIt() throws {
        let cleaner = CommerceCleaner(.init(now: population.configuration.windowEnd, ageFill: 40))
        var report = CleaningReport()
        let cleaned = population.users().map { cleaner.clean($0, report: &report) }
        let events = cleaned.flatMap(\.events)
        #expect(events.allSatisfy { $0.kind != .purchase || ($0.amount ?? 0) > 0 })
        #expect(events.allSatisfy { $0.kind != .session || (1...14_400).contains($0.sessionSeconds ?? -1) })
        #expect(events.allSatisfy { $0.kind == .session || $0.category != nil })
        #expect(cleaned.allSatisfy { ($0.age.map { (13...110).contains($0) } ?? false) })
        #expect(cleaned.allSatisfy { user in user.events.count == Set(user.events).count })
        for rule in ["duplicate_event", "timestamp_missing", "session_duration", "amount_positive", "age_range", "incomplete_record", "country_code"] {
            #expect(report.count(rule: rule) > 0, "rule \(rule) should have fired")
        }
        // Every written country was one Foundation knows, so none is left unrecognized.
        #expect(report.count(rule: "country_unrecognized") == 0)
        #expect(cleaned.filter { $0.country == nil }.count < cleaned.count / 10)
    }

    @Test func segmentsAreRecoverableFromCleanedFeatures() throws {
        let cleaner = CommerceCleaner(.init(now: population.configuration.windowEnd))
        var report = CleaningReport()
        let rows = population.users().map {
            CommerceFeatures.features(of: cleaner.clean($0, report: &report), referenceTime: population.configuration.windowEnd)
        }
        #expect(rows.allSatisfy { $0.count == CommerceFeatures.names.count && $0.allSatisfy(\.isFinite) })
        let table = try Matrix(rowArrays: rows)
        let scaled = try Normalizer.zScore(FeatureStatistics(table)).apply(table)
        let fit = try KMeans(.init(k: SyntheticCommerce.segments.count, restarts: 5, seed: 1)).fit(scaled)
        let truth = population.users().map(\.profile.segment)
        #expect(try AdjustedRandIndex.score(truth, fit.labels) > 0.7)
    }

    @Test(.enabled(if: TestData.movieLensPresent, TestData.movieLensMissing))
    func movieLensUserFeatures() throws {
        let data = try #require(TestData.movieLens)
        let (users, features) = try MovieLensUserFeatures.table(data)
        #expect(users.count == 943 && features.columns == 24 && MovieLensUserFeatures.names.count == 24)
        let counts = Dictionary(grouping: data.ratings, by: \.user).mapValues(\.count)
        for (row, user) in users.enumerated() {
            #expect(features[row, 0] == Double(counts[user]!))
            #expect((1...5).contains(features[row, 1]))
            #expect((5..<24).allSatisfy { (0...1).contains(features[row, $0]) })
        }
        // Every rated movie has at least one genre, so a user's genre fractions sum to ≥ 1.
        #expect((0..<943).allSatisfy { row in (5..<24).reduce(0.0) { $0 + features[row, $1] } >= 1 - 1e-9 })
    }

    @Test(.enabled(if: TestData.movieLensPresent, TestData.movieLensMissing))
    func movieLensFederatedKMeansIsCloseToCentralized() throws {
        let data = try #require(TestData.movieLens)
        let raw = try MovieLensUserFeatures.table(data).features
        let scaled = try Normalizer.zScore(FeatureStatistics(raw)).apply(raw)
        let central = try KMeans(.init(k: 8, restarts: 10, seed: 42)).fit(scaled)
        let devices = (0..<scaled.rows).map { scaled.selecting(rows: [$0]) }
        let federated = try FederatedKMeansSimulation(initialization: .init(k: 8, seed: 42)).run(devices: devices)
        #expect(federated.inertia <= central.inertia * 1.02)
    }
}
