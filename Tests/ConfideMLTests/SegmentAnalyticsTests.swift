import ConfideML
import Testing

@Suite("Segment analytics: matching models, drift and the sweep over k")
struct SegmentAnalyticsTests {
    private let schema = FeatureSchema.movieLensUser

    /// A model with every feature's mean `mean` and deviation `deviation`, and `rows` as centroids.
    private func model(_ rows: [[Double]], mean: Double = 0.5, deviation: Double = 0.1, sizes: [Double]? = nil) throws -> SegmentModel {
        let d = schema.count
        return try SegmentModel(schema: schema, parameters: Array(repeating: mean, count: d) + Array(repeating: deviation, count: d)
                                    + rows.flatMap { $0 }, clusters: rows.count, featureClamp: 3, sizes: sizes)
    }

    private func centroid(_ first: Double, _ second: Double = 0) -> [Double] {
        [first, second] + Array(repeating: 0, count: schema.count - 2)
    }

    @Test func assignmentIsOptimalAgainstBruteForce() throws {
        var generator = SeededGenerator(seed: 11)
        for (rows, columns) in [(1, 1), (3, 3), (4, 6), (6, 4), (5, 5), (2, 7)] {
            for _ in 0..<20 {
                let cost = (0..<rows).map { _ in (0..<columns).map { _ in Double.random(in: 0..<10, using: &generator) } }
                let assignment = try OptimalAssignment.minimumCost(cost)
                let assigned = assignment.compactMap { $0 }
                #expect(assigned.count == min(rows, columns) && Set(assigned).count == assigned.count)
                var total = 0.0
                for (row, column) in assignment.enumerated() { total += column.map { cost[row][$0] } ?? 0 }
                #expect(abs(total - bruteForce(cost)) < 1e-9, "\(cost)")
            }
        }
        #expect(throws: MLError.self) { try OptimalAssignment.minimumCost([[1, 2], [3]]) }
        #expect(throws: MLError.self) { try OptimalAssignment.minimumCost([[.nan]]) }
    }

    /// The least total cost over every injective assignment of the smaller side.
    private func bruteForce(_ cost: [[Double]]) -> Double {
        let rows = cost.count, columns = cost[0].count
        if rows > columns { return bruteForce((0..<columns).map { c in (0..<rows).map { cost[$0][c] } }) }
        func best(_ row: Int, _ used: Set<Int>) -> Double {
            guard row < rows else { return 0 }
            return (0..<columns).filter { !used.contains($0) }.map { cost[row][$0] + best(row + 1, used.union([$0])) }.min()!
        }
        return best(0, [])
    }

    @Test func driftMatchesRelabelledSegmentsAndCountsChanges() throws {
        let earlier = try model([centroid(0), centroid(2), centroid(-2)], sizes: [50, 30, 20])
        // The same segments in another order, the middle one moved by one deviation.
        let later = try model([centroid(-2), centroid(0, 1), centroid(2)])
        // 10 devices moved from earlier 0 to later 2 (earlier 1's match): they changed.
        var transitions = [Double](repeating: 0, count: 9)
        transitions[0 * 3 + 1] = 40
        transitions[0 * 3 + 2] = 10
        transitions[1 * 3 + 2] = 30
        transitions[2 * 3 + 0] = 20
        let drift = try SegmentDrift(from: earlier, to: later, transitions: transitions)
        #expect(drift.matching == [1, 2, 0])
        #expect(zip(drift.movement.map { $0 ?? -1 }, [1.0, 0, 0]).allSatisfy { abs($0 - $1) < 1e-9 }, "\(drift.movement)")
        #expect(abs(drift.meanMovement - 0.5) < 1e-9)
        #expect(abs((drift.shareChanged ?? -1) - 0.1) < 1e-12)
        #expect(drift.devicesCounted == 100)
    }

    @Test func driftIsMeasuredInTheLaterModelsUnits() throws {
        // The same bounded centroid (0.5 + 0.1·1 = 0.6 = 0.5 + 0.2·0.5) under another deviation: no movement.
        let earlier = try model([centroid(1), centroid(-1)], mean: 0.5, deviation: 0.1)
        let later = try model([centroid(0.5), centroid(-0.75)], mean: 0.5, deviation: 0.2)
        let drift = try SegmentDrift(from: earlier, to: later)
        #expect(drift.matching == [0, 1])
        #expect(abs(drift.movement[0]!) < 1e-9)
        // 0.4 against 0.35 in bounded units: a quarter of a later deviation.
        #expect(abs(drift.movement[1]! - 0.25) < 1e-9)
        #expect(drift.shareChanged == nil)
        // Fewer later segments: the earlier one left over is unmatched; a new schema is refused.
        let merged = try SegmentDrift(from: earlier, to: try model([centroid(0.5)], mean: 0.5, deviation: 0.2))
        #expect(merged.matching == [0, nil])
        let other = try SegmentModel(schema: .commerce, parameters: Array(repeating: 0.5, count: 3 * FeatureSchema.commerce.count),
                                     clusters: 1, featureClamp: 3)
        #expect(throws: MLError.self) { try SegmentDrift(from: earlier, to: other) }
        #expect(throws: MLError.self) { try SegmentDrift(from: earlier, to: later, transitions: [1, 2, 3]) }
    }

    @Test func sweepContributionAndItsReading() throws {
        let two = try Matrix(rows: 2, columns: 2, storage: [0, 0, 4, 0])
        let three = try Matrix(rows: 3, columns: 2, storage: [0, 0, 4, 0, 1, 0])
        // The point (1, 0): against two, a = 1, b = 3; against three, a = 0, b = 1.
        let vector = try KSweep.contribution(point: [1, 0], candidates: [two, three], errorScale: 0.5)
        #expect(vector == [0.5, 0, 2.0 / 3, 1, 1])
        #expect(throws: MLError.self) { try KSweep.contribution(point: [1, 0, 0], candidates: [two], errorScale: 0.5) }
        // Two devices' sum read back: inertia unscaled, silhouette averaged.
        let entries = try KSweep.entries(sum: [1, 0.2, 0.3, 0.3, 1.2, 1.6, 2], ks: [2, 3, 4], errorScale: 0.5)
        #expect(entries.map(\.k) == [2, 3, 4])
        #expect(entries.map(\.inertia) == [2, 0.4, 0.6])
        #expect(entries.map(\.silhouette) == [0.15, 0.6, 0.8])
        let selection = try KSelection(entries: entries)
        #expect(selection.bySilhouette == 4 && selection.byElbow == 3)
        #expect(throws: MLError.self) { try KSelection(entries: Array(entries.prefix(2))) }
        #expect(throws: MLError.self) { try KSelection(entries: [entries[0], entries[2], entries[1]]) }
    }
}
