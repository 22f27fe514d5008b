@testable import ConfideML
import Testing

@Suite("Cleaning: timestamps, countries, rules, duplicates, missing values, outliers, normalization")
struct CleaningTests {
    @Test(arguments: [
        ("2024-03-05T14:22:10Z", Int64(1_709_648_530)),
        ("2024-03-05T16:22:10+02:00", 1_709_648_530),
        ("2024-03-05T09:22:10.750-0500", 1_709_648_530),
        ("2024-03-05 09:22:10 America/New_York", 1_709_648_530),
        // Daylight saving: New York is UTC−4 in July.
        ("2024-07-01 10:00:00 America/New_York", 1_719_842_400),
        ("1709648530", 1_709_648_530),
    ])
    func timestampsBecomeUTC(text: String, expected: Int64) throws {
        var parser = TimestampParser()
        #expect(try parser.parse(text) == expected)
    }

    @Test(arguments: ["2024-03-05T14:22:10", "2024-02-30T10:00:00Z", "2024-03-05 10:00:00 Mars/Olympus", "yesterday", "2024-03-05T10:00:00+25:00"])
    func badTimestampsAreRefusedWithAReason(text: String) {
        var parser = TimestampParser()
        let error = #expect(throws: MLError.self) { try parser.parse(text) }
        #expect(error?.description.contains(text) == true)
    }

    @Test(arguments: [
        ("Germany", "DE"), ("deutschland", "DE"), ("  ALLEMAGNE ", "DE"), ("de", "DE"), ("Royaume-Uni", "GB"),
        ("United Kingdom", "GB"), ("États-Unis", "US"), ("estados unidos", "US"), ("Österreich", "AT"), ("osterreich", "AT"),
        ("Bosnia and Herzegovina", "BA"), ("Bosnia & Herzegovina", "BA"),
    ])
    func countryNamesMapToISOCodes(name: String, code: String) {
        #expect(CountryNormalizer.shared.code(for: name) == code)
    }

    @Test func unknownCountriesStayUnknown() {
        #expect(CountryNormalizer.shared.code(for: "Atlantis") == nil)
        #expect(CountryNormalizer.shared.knownCodes.count > 240)
    }

    private struct Person { var age: Double?; var name: String }

    @Test func validationRulesDropOrClearAndCount() {
        var report = CleaningReport()
        let people = [Person(age: 30, name: "a"), Person(age: 150, name: "b"), Person(age: nil, name: "c"), Person(age: -1, name: "d")]
        let cleared = ValidationRule<Person>.range("age_range", \.age, 0...120, action: .clear).apply(to: people, report: &report)
        #expect(cleared.map(\.age) == [30, nil, nil, nil])
        let dropped = ValidationRule<Person>.range("age_range", \.age, 0...120, action: .drop).apply(to: people, report: &report)
        #expect(dropped.map(\.name) == ["a", "c"])
        #expect(report.entries.map(\.count) == [2, 2])
        #expect(report.description.contains("validation/age_range: cleared 2 (age_range outside 0.0...120.0)"))
    }

    @Test func deduplicationKeepsTheFirst() {
        var report = CleaningReport()
        #expect(Deduplicator.apply([3, 1, 3, 2, 1], key: { $0 }, report: &report) == [3, 1, 2])
        #expect(report.count(rule: "duplicate") == 2)
    }

    @Test func missingValuesAreDroppedOrImputed() {
        var report = CleaningReport()
        let values: [Double?] = [1, nil, 3, 3, nil, 10]
        #expect(MissingValues.impute(values, .mean, field: "x", report: &report) == [1, 4.25, 3, 3, 4.25, 10])
        #expect(MissingValues.impute(values, .median, field: "x", report: &report) == [1, 3, 3, 3, 3, 10])
        #expect(MissingValues.impute(values, .mode, field: "x", report: &report) == [1, 3, 3, 3, 3, 10])
        #expect(MissingValues.impute(values, .constant(0), field: "x", report: &report) == [1, 0, 3, 3, 0, 10])
        #expect(report.count(rule: "x") == 8)
        #expect(MissingValues.mode(["b", nil, "a", "b", "a"]) == "a")
        let rows = [["a": 1.0, "b": 2.0], ["a": 1.0], [:]]
        let kept = MissingValues.dropIncomplete(rows, fields: ["a", "b"], maximumFraction: 0.5,
                                                isMissing: { $0[$1] == nil }, report: &report)
        #expect(kept.count == 2)
    }

    @Test func outliersByZScoreAndIQR() throws {
        var report = CleaningReport()
        let values = [10.0, 11, 9, 10, 12, 8, 10, 11, 9, 100]
        let iqr = OutlierDetector(.interquartileRange(), action: .winsorize)
        let fences = try iqr.fences(values)
        // numpy: percentile 25 = 9.25, 75 = 11 → fences 6.625 … 13.625
        #expect(abs(fences.lowerBound - 6.625) < 1e-12 && abs(fences.upperBound - 13.625) < 1e-12)
        let winsorized = try iqr.apply(values, field: "amount", report: &report)
        #expect(winsorized.outliers == [9])
        #expect(winsorized.values.last == 13.625)
        let dropped = try OutlierDetector(.zScore(threshold: 2), action: .drop).apply(values, field: "amount", report: &report)
        #expect(dropped.values == Array(values.dropLast()))
        let flagged = try OutlierDetector(.zScore(threshold: 2), action: .flag).apply(values, field: "amount", report: &report)
        #expect(flagged.values == values && flagged.outliers == [9])
        #expect(report.count(rule: "amount") == 3)
        #expect(throws: MLError.self) { try iqr.fences([]) }
    }

    @Test func normalizationFromAggregatedStatisticsEqualsLocal() throws {
        var generator = SeededGenerator(seed: 1)
        let rows = try Matrix(rows: 100, columns: 3, storage: (0..<300).map { _ in generator.nextGaussian() * 5 + 2 })
        // Devices' statistics vectors add up to the statistics of all rows.
        var sum = [Double](repeating: 0, count: FeatureStatistics.dimension(features: 3))
        for device in 0..<10 {
            let part = FeatureStatistics(rows.selecting(rows: device * 10 ..< (device + 1) * 10)).vector
            for index in sum.indices { sum[index] += part[index] }
        }
        let global = try FeatureStatistics(vector: sum, features: 3)
        let local = FeatureStatistics(rows)
        #expect(zip(global.vector, local.vector).allSatisfy { abs($0 - $1) < 1e-9 })
        let scaled = try Normalizer.zScore(global).apply(rows)
        let after = FeatureStatistics(scaled)
        #expect(after.mean.allSatisfy { abs($0) < 1e-9 } && after.standardDeviation.allSatisfy { abs($0 - 1) < 1e-9 })
        let minMax = try Normalizer(.minMax(minimum: [0, 0, 0], maximum: [10, 10, 0])).apply(try Matrix(rowArrays: [[5, 10, 3]]))
        #expect(minMax.storage == [0.5, 1, 0])
        #expect(throws: MLError.self) { try Normalizer(.zScore(mean: [0], deviation: [])) }
    }

    @Test func reportsMergeAcrossDevices() {
        var first = CleaningReport(), second = CleaningReport()
        first.record(stage: "validation", rule: "r", action: "dropped", reason: "why", count: 2)
        second.record(stage: "validation", rule: "r", action: "dropped", reason: "why", count: 3)
        second.record(stage: "missing", rule: "m", action: "imputed", reason: "gap")
        first.merge(second)
        #expect(first.entries.map(\.count) == [5, 1])
    }
}
