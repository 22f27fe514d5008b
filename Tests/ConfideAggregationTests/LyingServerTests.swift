import Testing
import ConfideCrypto
@_spi(AttackDemonstration) @testable import ConfideAggregation

/// The consistency check: a device signs one contributor set and unmasks only for it, with
/// t of its neighbours' signatures over the same set.
@Suite("Honest clients refuse a lying coordinator")
struct LyingServerTests {
    /// A round run to the point where every device has been sent the contributor set.
    func roundAtConsistency(seed: UInt64) throws -> (Harness, [ContributorSet]) {
        var harness = try Harness(n: 20, k: 7, t: 4, d: 32, seed: seed)
        try harness.advertise()
        try harness.shareKeys()
        try harness.receipts()
        try harness.maskInputs()
        return (harness, try harness.server.closeMaskedInput())
    }

    func everyoneSigns(_ harness: inout Harness, _ sets: [ContributorSet]) throws -> [ConsistencySignature] {
        try sets.map { try harness.clients[$0.recipient].signContributors($0) }
    }

    @Test("A device signs one set: the same set again gives the same signature, another set or one without it is refused")
    func signsOnce() throws {
        var (harness, sets) = try roundAtConsistency(seed: 1)
        let without = ContributorSet(roundID: 7, recipient: 0, contributors: CohortBitmap(count: 20, members: 1..<20))
        let error = try #require(throws: AggregationError.self) { try harness.clients[0].signContributors(without) }
        #expect(error.kind == .refusedRequest)
        #expect(harness.clients[0].stage == .sentInput)
        let first = try harness.clients[0].signContributors(sets[0])
        #expect(try harness.clients[0].signContributors(sets[0]) == first)
        let other = ContributorSet(roundID: 7, recipient: 0, contributors: CohortBitmap(count: 20, members: [0] + Array(2..<20)))
        #expect(throws: AggregationError.self) { try harness.clients[0].signContributors(other) }
    }

    @Test("Unmask is refused unless t neighbours signed exactly the set the device signed")
    func needsNeighbourSignatures() throws {
        var (harness, sets) = try roundAtConsistency(seed: 2)
        let signatures = try everyoneSigns(&harness, sets)
        let set = sets[0].contributors
        let neighbours = harness.configuration.graph.neighbours(of: 0).map { Int($0) }
        let theirs = signatures.filter { neighbours.contains($0.sender) }
        let t = harness.configuration.threshold
        func request(_ signatures: [ConsistencySignature], set: CohortBitmap = set) -> UnmaskRequest {
            UnmaskRequest(roundID: 7, recipient: 0, contributors: set, signatures: signatures)
        }
        var client = harness.clients[0]
        // Too few signatures.
        #expect(throws: AggregationError.self) { try client.unmask(request(Array(theirs.prefix(t - 1)))) }
        // A non-neighbour's signature, or a signature over another set.
        let stranger = signatures.first { !neighbours.contains($0.sender) && $0.sender != 0 }!
        #expect(throws: AggregationError.self) { try client.unmask(request(Array(theirs.prefix(t - 1)) + [stranger])) }
        let otherSet = CohortBitmap(count: 20, members: (0..<20).filter { $0 != neighbours[0] })
        let forged = ConsistencySignature(roundID: 7, sender: theirs[0].sender, signature: try Signing.sign(
            ConsistencySignature.signedBytes(roundID: 7, sender: theirs[0].sender, contributors: otherSet),
            with: harness.identities[theirs[0].sender], harness.configuration))
        #expect(throws: AggregationError.self) { try client.unmask(request([forged] + theirs.dropFirst())) }
        // Neighbours' genuine signatures over a set this device did not sign.
        #expect(throws: AggregationError.self) { try client.unmask(request(theirs, set: otherSet)) }
        #expect(client.stage == .signedContributors)
        // The honest request is answered, once; a repeat gets the same answer.
        let honest = request(theirs)
        let answer = try client.unmask(honest)
        #expect(try client.unmask(honest).serialized() == answer.serialized())
    }

    @Test("Without the check a device answers whatever story it is told (the test switch works)")
    func switchOff() throws {
        var (harness, _) = try roundAtConsistency(seed: 3)
        harness.clients[0].checksConsistency = false
        let neighbours = harness.configuration.graph.neighbours(of: 0).map { Int($0) }
        let story = CohortBitmap(count: 20, members: (0..<20).filter { $0 != neighbours[0] })
        let response = try harness.clients[0].unmask(UnmaskRequest(roundID: 7, recipient: 0, contributors: story, signatures: []))
        #expect(response.maskKeyShares.map(\.owner) == [neighbours[0]])
    }
}
