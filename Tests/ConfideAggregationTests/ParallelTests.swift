import Testing
@testable import ConfideAggregation

@Suite("Parallel work")
struct ParallelTests {
    @Test("Every index runs exactly once, results in order, for any count and worker number")
    func coversEveryIndex() throws {
        for workers in 1...5 {
            for count in 0...70 {
                let results = try Parallel.map(count, workers: workers) { $0 * 3 }
                #expect(results == (0..<count).map { $0 * 3 }, "count \(count), workers \(workers)")
            }
        }
    }

    @Test("The first failing index's error is rethrown")
    func firstErrorWins() {
        #expect(throws: AggregationError(.invalidArgument, "7")) {
            _ = try Parallel.map(40, workers: 2) { i throws(AggregationError) in
                if i == 7 || i == 30 { throw AggregationError(.invalidArgument, "\(i)") }
                return i
            }
        }
    }
}
