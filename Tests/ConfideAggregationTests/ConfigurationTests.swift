import Testing
import ConfideCrypto
@testable import ConfideAggregation

@Suite("Round configuration and neighbour graph")
struct ConfigurationTests {
    @Test("Default k is 2·log2(n) rounded up to odd, capped at n − 1, even when n is odd",
          arguments: [(2, 1), (3, 2), (5, 4), (7, 6), (100, 15), (101, 16), (500, 19), (1000, 21), (10_000, 27)])
    func defaultNeighbours(n: Int, k: Int) {
        #expect(RoundConfiguration.defaultNeighbourCount(cohortSize: n) == k)
        let t = RoundConfiguration.defaultThreshold(neighbourCount: k)
        #expect(2 * t > k && t <= k)
    }

    @Test("The graph is symmetric, k-regular, loop-free and a function of the seed", arguments: [(10, 3), (11, 4), (64, 13), (300, 17)])
    func graphShape(n: Int, k: Int) throws {
        let seed = [UInt8](repeating: 42, count: 32)
        let graph = try NeighbourGraph(seed: seed, deviceCount: n, degree: k)
        for u in 0..<n {
            let row = graph.neighbours(of: u).map { Int($0) }
            #expect(row.count == k)
            #expect(Set(row).count == k && !row.contains(u))
            #expect(row == row.sorted())
            for (position, v) in row.enumerated() {
                #expect(graph.areNeighbours(v, u))
                #expect(graph.position(of: v, among: u) == position)
            }
        }
        #expect(try NeighbourGraph(seed: seed, deviceCount: n, degree: k) == graph)
        #expect(try NeighbourGraph(seed: [UInt8](repeating: 43, count: 32), deviceCount: n, degree: k) != graph)
    }

    @Test("Impossible or unsafe configurations are refused with a reason")
    func refusals() throws {
        let identities = try (0..<9).map { _ in try IdentityKey() }
        func make(k: Int? = nil, t: Int? = nil, seedBytes: Int = 32, ids: [String]? = nil, keys: [IdentityKey]? = nil,
                  bits: Int = 16) throws -> RoundConfiguration {
            let keys = keys ?? identities
            let cohort = try keys.indices.map {
                CohortMember(id: try DeviceID(ids?[$0] ?? "d\($0)"), identityKey: keys[$0].publicKey)
            }
            return try RoundConfiguration(roundID: 1, roundSeed: [UInt8](repeating: 1, count: seedBytes), cohort: cohort, neighbourCount: k,
                                          threshold: t, vectorLength: 4,
                                          quantization: QuantizationParameters(clipNorm: 1, bound: 1, fractionalBits: bits))
        }
        func kind(_ body: () throws -> RoundConfiguration) -> AggregationError.Kind? {
            do { _ = try body(); return nil } catch let error as AggregationError { return error.kind } catch { return nil }
        }
        #expect(kind { try make(k: 4, t: 2) } == .invalidConfiguration)  // t ≤ k/2
        #expect(kind { try make(k: 3) } == .invalidConfiguration)  // 9 devices cannot all have 3 neighbours
        #expect(kind { try make(k: 9) } == .invalidConfiguration)  // more than n − 1
        #expect(kind { try make(seedBytes: 16) } == .invalidConfiguration)
        #expect(kind { try make(ids: ["a", "b", "c", "d", "e", "f", "g", "h", "a"]) } == .invalidConfiguration)
        #expect(kind { try make(keys: Array(identities.prefix(8)) + [identities[0]]) } == .invalidConfiguration)
        #expect(kind { try make(bits: 28) } == .overflow)
        #expect(kind { try make(k: 4, t: 3) } == nil)
        #expect(throws: AggregationError.self) { try DeviceID("") }
        #expect(throws: AggregationError.self) { try DeviceID("bad\nid") }
        // A client must hold the identity key the cohort lists for it.
        let config = try make()
        #expect(throws: AggregationError.self) { try SecAggClient(configuration: config, id: config.cohort[0].id, identity: identities[1]) }
        #expect(throws: AggregationError.self) { try SecAggClient(configuration: config, id: DeviceID("stranger"), identity: identities[0]) }
    }

    @Test("Serialization preserves the configuration and its digest; a changed byte changes the digest or is refused")
    func serialization() throws {
        let identities = try (0..<8).map { _ in try IdentityKey() }
        let config = try Harness.configuration(n: 8, d: 100, minimumInputs: 5, identities: identities)
        let copy = try RoundConfiguration(serialized: config.serialized())
        #expect(copy.digest == config.digest)
        #expect(copy == config)
        #expect(copy.graph == config.graph)
        #expect(copy.cohort == config.cohort && copy.minimumInputs == 5 && copy.threshold == config.threshold)
        var changed = config.serialized()
        changed[20] ^= 1  // a byte of the round seed
        #expect(try RoundConfiguration(serialized: changed).digest != config.digest)
        #expect(config.digest.count == 32)
    }
}
