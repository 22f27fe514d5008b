@_spi(AttackDemonstration) @testable import ConfideAggregation
import ConfideCrypto
import Testing

/// The known-answer vectors of docs/test-vectors/ (described in docs/wire-format.md).
///
/// Each test regenerates one file from fixed inputs with the real code and asserts that the
/// file holds exactly that; `CONFIDE_WRITE_VECTORS=1 swift test --filter TestVectorTests`
/// rewrites the files instead. A change to any byte on the wire fails here first.
@Suite("Wire test vectors")
struct TestVectorTests {
    @Test("crypto.json: framing, keys, PRG, Shamir, AEAD and sealed boxes")
    func crypto() throws { try CryptoVectors.file().check() }

    @Test("secagg.json: configuration, graph, device 0's derivations and messages")
    func secagg() throws { try SecAggVectors.file().check() }

    @Test("protocol.json: device ids, signed requests, the model document, the sealed input")
    func protocolVectors() throws { try ProtocolVectors.file().check() }

    /// The fixture's messages were written from the documents, not by ``SecAggClient``; this
    /// shows they are a round the real coordinator state machine accepts and sums correctly,
    /// and that the real client accepts what the coordinator sends it.
    @Test("The fixture round runs through all six stages of the real server, answering with the vectors, and releases the exact sum")
    func fixtureRoundRunsOnTheServer() throws {
        let round = try FixtureRound()
        var server = try SecAggServer(configuration: round.configuration)
        for advert in round.adverts { try server.receive(advert) }
        let keys = try server.closeAdvertiseKeys()
        #expect(keys.map { $0.serialized() } == round.neighbourKeys.map { $0.serialized() })

        var client = try SecAggClient(configuration: round.configuration, id: round.configuration.cohort[0].id,
                                      identity: round.devices[0].identity)
        _ = try client.advertiseKeys()
        _ = try client.shareKeys(round.neighbourKeys[0])

        for shares in round.shareKeys { try server.receive(shares) }
        let deliveries = try server.closeShareKeys()
        #expect(deliveries.map { $0.serialized() } == round.deliveries.map { $0.serialized() })

        for receipt in round.receipts { try server.receive(receipt) }
        let partners = try server.closeShareReceipts()
        #expect(partners.map { $0.serialized() } == round.partners.map { $0.serialized() })

        let contributors = round.maskedInputs.keys.sorted()
        for sender in contributors { try server.receive(round.maskedInputs[sender]!) }
        let sets = try server.closeMaskedInput()
        #expect(sets.map { $0.serialized() } == contributors.map { round.contributorSets[$0]!.serialized() })
        #expect(server.status(of: round.dropped) == .dropped(.missedDeadline(.maskedInput)))

        for sender in contributors { try server.receive(round.consistencySignatures[sender]!) }
        let requests = try server.closeConsistencyCheck()
        #expect(requests.map { $0.serialized() } == contributors.map { round.requests[$0]!.serialized() })

        for sender in contributors { try server.receive(round.responses[sender]!) }
        let result = try server.finish(workers: 1)
        #expect(result.sum == round.expectedSum)
        #expect(result.contributors == contributors)
        #expect(result.misbehaving.isEmpty)
    }
}
