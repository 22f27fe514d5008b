import Testing
import ConfideCrypto
@testable import ConfideAggregation

@Suite("SecAgg+ sums are exact under dropouts")
struct ProtocolPropertyTests {
    @Test("No dropouts: the sum equals the plain integer sum", arguments: [(2, 5), (3, 1), (5, 64), (16, 100), (33, 17)])
    func exactWithoutDropouts(n: Int, d: Int) throws {
        var harness = try Harness(n: n, d: d, seed: UInt64(n * 1000 + d))
        let result = try harness.run()
        #expect(result.sum == harness.expectedSum(of: 0..<n))
        #expect(result.contributors == Array(0..<n))
        #expect(harness.server.stage == .finished)
    }

    @Test("Unmasking split over many vector ranges and threads gives the same exact sum", arguments: [1, 2, 3, 5])
    func parallelRanges(workers: Int) throws {
        var harness = try Harness(n: 8, k: 3, t: 2, d: 20_003, seed: 404)
        let result = try harness.run(drops: [.beforeMaskedInput: [6]], workers: workers)
        #expect(result.sum == harness.expectedSum(of: [0, 1, 2, 3, 4, 5, 7]))
    }

    @Test("Dropouts at one stage: the sum covers exactly the devices whose input arrived", arguments: DropPoint.allCases)
    func dropoutsAtEachStage(point: DropPoint) throws {
        var harness = try Harness(n: 24, k: 9, t: 5, d: 40, seed: 99)
        let dropped: Set<Int> = [3, 11, 17]
        let result = try harness.run(drops: [point: dropped])
        let sentInput = point == .beforeUnmask || point == .beforeConsistency
        let contributors = sentInput ? Set(0..<24) : Set(0..<24).subtracting(dropped)
        #expect(Set(result.contributors) == contributors)
        #expect(result.sum == harness.expectedSum(of: contributors.sorted()))
    }

    @Test("Random n, k, t, d and dropout sets agree with the reference outcome")
    func randomScenarios() throws {
        var random = SeededGenerator(seed: 2026)
        var successes = 0
        var aborts = 0
        for scenario in 0..<40 {
            let n = Int.random(in: 3...28, using: &random)
            let validK = (1...(n - 1)).filter { (n * $0) % 2 == 0 }
            let k = validK.randomElement(using: &random)!
            let t = Int.random(in: (k / 2 + 1)...k, using: &random)
            let d = Int.random(in: 1...70, using: &random)
            let minimum = Int.random(in: 1...max(1, n / 2), using: &random)
            let rate = Double.random(in: 0...0.25, using: &random)
            var drops: [DropPoint: Set<Int>] = [:]
            for device in 0..<n where Double.random(in: 0..<1, using: &random) < rate {
                drops[DropPoint.allCases.randomElement(using: &random)!, default: []].insert(device)
            }
            var harness = try Harness(n: n, k: k, t: t, d: d, minimumInputs: minimum, seed: UInt64(scenario))
            let expected = ReferenceOutcome.predict(graph: harness.configuration.graph, threshold: t, minimumInputs: minimum, drops: drops)
            let label = "scenario \(scenario): n=\(n) k=\(k) t=\(t) d=\(d) drops=\(drops)"
            do {
                let result = try harness.run(drops: drops, workers: 1 + scenario % 2)
                guard case .success(let contributors) = expected else {
                    Issue.record("\(label): expected \(expected), the round succeeded")
                    continue
                }
                #expect(Set(result.contributors) == contributors, "\(label)")
                #expect(result.sum == harness.expectedSum(of: contributors.sorted()), "\(label)")
                successes += 1
            } catch let error as AggregationError {
                guard case .abort(let stage, let culprits) = expected else {
                    Issue.record("\(label): expected success, got \(error)")
                    continue
                }
                #expect(error.kind == .roundAborted, "\(label): \(error)")
                #expect(harness.server.stage == .aborted, "\(label)")
                #expect(harness.server.abortReason == error)
                if !culprits.isEmpty {
                    let named = try #require(error.device, "\(label): the abort must name a device")
                    #expect(culprits.contains(harness.configuration.index(of: named)!), "\(label): \(error)")
                }
                _ = stage
                aborts += 1
            }
        }
        // The generator must exercise both outcomes, or the property says little.
        #expect(successes >= 10)
        #expect(aborts >= 1)
    }

    @Test("Below the threshold the round aborts, names the device, and releases nothing")
    func abortBelowThreshold() throws {
        var harness = try Harness(n: 10, k: 3, t: 2, d: 8, seed: 5)
        let victim = 0
        let neighbours = harness.configuration.graph.neighbours(of: victim).map { Int($0) }
        // Two of the victim's three neighbours send input but never answer the unmask request.
        try harness.advertise()
        try harness.shareKeys()
        try harness.receipts()
        try harness.maskInputs()
        try harness.signContributors()
        _ = try harness.unmask(skipping: Set(neighbours.prefix(2)))
        #expect(!harness.server.canFinish)
        let error = try #require(throws: AggregationError.self) { try harness.server.finish() }
        #expect(error.kind == .roundAborted)
        #expect(error.device != nil)
        #expect(error.description.contains("lacked shares"))
        #expect(harness.server.stage == .aborted)
        #expect(harness.server.sum.isEmpty)
        // Later calls keep failing with the same reason.
        #expect(throws: error) { try harness.server.finish() }
    }

    @Test("A device left with too few live neighbours at AdvertiseKeys is excluded, not fatal")
    func pruningBeforeCommitment() throws {
        var harness = try Harness(n: 12, k: 3, t: 2, d: 4, seed: 8)
        let victim = 5
        let neighbours = Set(harness.configuration.graph.neighbours(of: victim).map { Int($0) })
        let silent = Set(neighbours.prefix(2))
        let result = try harness.run(drops: [.beforeAdvertise: silent])
        #expect(harness.server.status(of: victim) == .dropped(.tooFewLiveNeighbours(.advertiseKeys)))
        #expect(!result.contributors.contains(victim))
        #expect(result.sum == harness.expectedSum(of: result.contributors))
    }
}
