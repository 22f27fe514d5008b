import Testing
import ConfideCrypto
@testable import ConfideAggregation

/// Every bad message is refused with a typed error and leaves the round exactly where it was.
@Suite("Bad messages are rejected without disturbing the round")
struct RejectionTests {
    /// Expects `body` to throw an error of `kind`, and the server's pending set to be unchanged.
    func rejects(_ kind: AggregationError.Kind, _ harness: Harness, sourceLocation: SourceLocation = #_sourceLocation,
                 _ body: (inout SecAggServer) throws -> Void) {
        var server = harness.server
        let pending = server.pendingDevices
        let stage = server.stage
        do {
            try body(&server)
            Issue.record("expected a \(kind) error, nothing was thrown", sourceLocation: sourceLocation)
        } catch let error as AggregationError {
            #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("expected an AggregationError, got \(error)", sourceLocation: sourceLocation)
        }
        #expect(server.pendingDevices == pending, sourceLocation: sourceLocation)
        #expect(server.stage == stage, sourceLocation: sourceLocation)
    }

    func flip(_ bytes: [UInt8], at index: Int) -> [UInt8] {
        var copy = bytes
        copy[index] ^= 0x01
        return copy
    }

    @Test("Forged, altered, replayed, duplicated, out-of-stage and misaddressed messages at every stage")
    func everyStage() throws {
        var harness = try Harness(n: 12, k: 5, t: 3, d: 16, seed: 3)
        let config = harness.configuration
        // Another configuration with the same round id but a different seed: its signatures must not carry over.
        let nextRound = try Harness.configuration(n: 12, k: 5, t: 3, d: 16, roundID: 8, identities: harness.identities)
        var nextRoundClient = try SecAggClient(configuration: nextRound, id: nextRound.cohort[0].id, identity: harness.identities[0])
        let foreign = try Harness.configuration(n: 12, k: 5, t: 3, d: 16, seedByte: 2, identities: harness.identities)
        var foreignClient = try SecAggClient(configuration: foreign, id: foreign.cohort[0].id, identity: harness.identities[0])

        // Stage 1.
        let advert = try harness.clients[0].advertiseKeys()
        let bytes = advert.serialized()
        rejects(.invalidSignature, harness) { try $0.receive(AdvertiseKeys(serialized: flip(bytes, at: 30))) }
        rejects(.invalidSignature, harness) { try $0.receive(AdvertiseKeys(serialized: flip(bytes, at: bytes.count - 1))) }
        rejects(.invalidSignature, harness) { try $0.receive(foreignClient.advertiseKeys()) }
        rejects(.wrongRound, harness) { try $0.receive(nextRoundClient.advertiseKeys()) }
        let forged = AdvertiseKeys(roundID: 7, sender: 1, encryptionKey: advert.encryptionKey, maskKey: advert.maskKey,
                                   signature: try Signing.sign(AdvertiseKeys(roundID: 7, sender: 1, encryptionKey: advert.encryptionKey,
                                                                             maskKey: advert.maskKey, signature: []).unsignedBytes,
                                                               with: harness.identities[2], config))
        rejects(.invalidSignature, harness) { try $0.receive(forged) }
        let stranger = AdvertiseKeys(roundID: 7, sender: 99, encryptionKey: advert.encryptionKey, maskKey: advert.maskKey, signature: advert.signature)
        rejects(.unknownParty, harness) { try $0.receive(stranger) }
        rejects(.malformedMessage, harness) { try $0.receive(AdvertiseKeys(serialized: Array(bytes.dropLast()))) }
        rejects(.wrongStage, harness) { try $0.receive(MaskedInput(roundID: 7, sender: 0, words: [], signature: [])) }
        rejects(.wrongStage, harness) { _ = try $0.closeShareKeys() }
        try harness.server.receive(AdvertiseKeys(serialized: bytes))
        rejects(.duplicateMessage, harness) { try $0.receive(advert) }
        for device in 1..<12 { try harness.server.receive(harness.clients[device].advertiseKeys()) }

        // Stage 2.
        let keys = try harness.server.closeAdvertiseKeys()
        rejects(.wrongStage, harness) { try $0.receive(advert) }
        let shares = try harness.clients[0].shareKeys(keys[0])
        let shareBytes = shares.serialized()
        rejects(.invalidSignature, harness) { try $0.receive(ShareKeys(serialized: flip(shareBytes, at: 60))) }
        rejects(.malformedMessage, harness) { try $0.receive(ShareKeys(serialized: shareBytes + [0])) }
        let short = ShareKeys(roundID: 7, sender: 0, selfMaskCommitment: shares.selfMaskCommitment,
                              envelopes: Array(shares.envelopes.dropLast()), signature: [])
        let shortSigned = ShareKeys(roundID: 7, sender: 0, selfMaskCommitment: short.selfMaskCommitment, envelopes: short.envelopes,
                                    signature: try Signing.sign(short.unsignedBytes, with: harness.identities[0], config))
        rejects(.wrongLength, harness) { try $0.receive(shortSigned) }
        try harness.server.receive(shares)
        rejects(.duplicateMessage, harness) { try $0.receive(shares) }
        for message in keys.dropFirst() { try harness.server.receive(harness.clients[message.recipient].shareKeys(message)) }

        // Stage 3: the client refuses misaddressed deliveries and receipts envelopes that do not open.
        let deliveries = try harness.server.closeShareKeys()
        var client = harness.clients[0]
        #expect(throws: AggregationError.self) { try client.receiveShares(deliveries[1]) }
        #expect(client.stage == .sharedKeys)
        var tampered = deliveries[0].serialized()
        tampered[tampered.count - 5] ^= 1
        let complaint = try client.receiveShares(ShareDelivery(serialized: tampered))
        #expect(complaint.failed == [deliveries[0].envelopes.last!.sender])
        let receipt = try harness.clients[0].receiveShares(deliveries[0])
        #expect(receipt.failed.isEmpty)
        let receiptBytes = receipt.serialized()
        rejects(.invalidSignature, harness) { try $0.receive(ShareReceipt(serialized: flip(receiptBytes, at: receiptBytes.count - 3))) }
        let strangerIndex = (1..<12).first { !deliveries[0].envelopes.map(\.sender).contains($0) }!
        let bogus = ShareReceipt(roundID: 7, sender: 0, failed: [strangerIndex], signature: [])
        rejects(.malformedMessage, harness) {
            try $0.receive(ShareReceipt(roundID: 7, sender: 0, failed: bogus.failed,
                                        signature: try Signing.sign(bogus.unsignedBytes, with: harness.identities[0], config)))
        }
        try harness.server.receive(receipt)
        rejects(.duplicateMessage, harness) { try $0.receive(receipt) }
        for delivery in deliveries.dropFirst() { try harness.server.receive(harness.clients[delivery.recipient].receiveShares(delivery)) }

        // Stage 4: the client refuses bad partner lists, the server bad inputs.
        let partners = try harness.server.closeShareReceipts()
        var maskingClient = harness.clients[0]
        #expect(throws: AggregationError.self) { try maskingClient.maskInput(partners[1], input: harness.inputs[0]) }
        #expect(throws: AggregationError.self) { try maskingClient.maskInput(partners[0], input: [1, 2, 3]) }
        let strangers = MaskPartners(roundID: 7, recipient: 0, partners: (partners[0].partners + [strangerIndex]).sorted())
        #expect(throws: AggregationError.self) { try maskingClient.maskInput(strangers, input: harness.inputs[0]) }
        let tooFew = MaskPartners(roundID: 7, recipient: 0, partners: Array(partners[0].partners.prefix(2)))
        #expect(throws: AggregationError.self) { try maskingClient.maskInput(tooFew, input: harness.inputs[0]) }
        #expect(maskingClient.stage == .receiptedShares)
        let masked = try harness.clients[0].maskInput(partners[0], input: harness.inputs[0])
        let long = MaskedInput(roundID: 7, sender: 0, words: masked.words + [0], signature: [])
        let longSigned = MaskedInput(roundID: 7, sender: 0, words: long.words,
                                     signature: try Signing.sign(long.unsignedBytes, with: harness.identities[0], config))
        rejects(.wrongLength, harness) { try $0.receive(longSigned) }
        rejects(.invalidSignature, harness) { try $0.receive(MaskedInput(serialized: flip(masked.serialized(), at: 40))) }
        try harness.server.receive(masked)
        rejects(.duplicateMessage, harness) { try $0.receive(masked) }
        for message in partners.dropFirst() {
            try harness.server.receive(harness.clients[message.recipient].maskInput(message, input: harness.inputs[message.recipient]))
        }

        // Stage 5: signatures over another set, or by another device, are refused.
        let sets = try harness.server.closeMaskedInput()
        rejects(.wrongStage, harness) { try $0.receive(masked) }
        let signature = try harness.clients[0].signContributors(sets[0])
        rejects(.invalidSignature, harness) { try $0.receive(ConsistencySignature(serialized: flip(signature.serialized(), at: 30))) }
        rejects(.invalidSignature, harness) { try $0.receive(ConsistencySignature(roundID: 7, sender: 1, signature: signature.signature)) }
        try harness.server.receive(signature)
        rejects(.duplicateMessage, harness) { try $0.receive(signature) }
        for set in sets.dropFirst() { try harness.server.receive(harness.clients[set.recipient].signContributors(set)) }

        // Stage 6.
        let requests = try harness.server.closeConsistencyCheck()
        rejects(.wrongStage, harness) { try $0.receive(signature) }
        let response = try harness.clients[0].unmask(requests[0])
        let responseBytes = response.serialized()
        rejects(.invalidSignature, harness) { try $0.receive(UnmaskResponse(serialized: flip(responseBytes, at: 30))) }
        var wrongIndex = response.selfMaskShares
        wrongIndex[0] = UnmaskResponse.RevealedShare(owner: wrongIndex[0].owner, bytes: [wrongIndex[0].index &+ 1] + wrongIndex[0].bytes.dropFirst())
        let unsigned = UnmaskResponse.unsignedBytes(roundID: 7, sender: 0, selfMaskShares: wrongIndex, maskKeyShares: [])
        let misindexed = UnmaskResponse(roundID: 7, sender: 0, selfMaskShares: wrongIndex, maskKeyShares: [], unsignedBytes: unsigned,
                                        signature: try Signing.sign(unsigned, with: harness.identities[0], config))
        rejects(.invalidShare, harness) { try $0.receive(misindexed) }
        let missing = Array(response.selfMaskShares.dropLast())
        let missingBytes = UnmaskResponse.unsignedBytes(roundID: 7, sender: 0, selfMaskShares: missing, maskKeyShares: [])
        rejects(.wrongLength, harness) {
            try $0.receive(UnmaskResponse(roundID: 7, sender: 0, selfMaskShares: missing, maskKeyShares: [], unsignedBytes: missingBytes,
                                          signature: try Signing.sign(missingBytes, with: harness.identities[0], config)))
        }
        try harness.server.receive(response)
        rejects(.duplicateMessage, harness) { try $0.receive(response) }
        for request in requests.dropFirst() { try harness.server.receive(harness.clients[request.recipient].unmask(request)) }

        // After all of that, the round still releases the exact sum.
        let result = try harness.server.finish()
        #expect(result.sum == harness.expectedSum(of: 0..<12))
        rejects(.wrongStage, harness) { _ = try $0.finish() }
    }

    @Test("A device that dropped may not send later, and a client refuses keys that are not its neighbours' or are forged")
    func droppedAndClientChecks() throws {
        var harness = try Harness(n: 10, k: 3, t: 2, d: 4, seed: 11)
        try harness.advertise(skipping: [4])
        let keys = try harness.server.closeAdvertiseKeys()
        #expect(harness.server.status(of: 4) == .dropped(.missedDeadline(.advertiseKeys)))
        let late = try harness.clients[4].advertiseKeys()
        rejects(.wrongStage, harness) { try $0.receive(late) }
        // A client handed a tampered advertisement refuses it and can still take the real message.
        var client = harness.clients[keys[0].recipient]
        var bad = keys[0].advertisements
        bad[0] = AdvertiseKeys(roundID: 7, sender: bad[0].sender, encryptionKey: bad[0].maskKey, maskKey: bad[0].encryptionKey,
                               signature: bad[0].signature)
        #expect(throws: AggregationError.self) {
            try client.shareKeys(NeighbourKeys(roundID: 7, recipient: keys[0].recipient, advertisements: bad))
        }
        let stranger = harness.clients.indices.first { !harness.configuration.graph.areNeighbours(keys[0].recipient, $0) && $0 != keys[0].recipient }!
        #expect(throws: AggregationError.self) {
            try client.shareKeys(NeighbourKeys(roundID: 7, recipient: keys[0].recipient,
                                               advertisements: keys[0].advertisements + [harness.server.advertisements[stranger]!]))
        }
        #expect(client.stage == .advertisedKeys)
        _ = try client.shareKeys(keys[0])
        #expect(client.stage == .sharedKeys)
    }

    @Test("Batches: bad messages inside a batch are rejected one by one, good ones accepted, as in sequence")
    func batches() throws {
        var harness = try Harness(n: 10, k: 5, t: 3, d: 6, seed: 31)
        try harness.advertise()
        try harness.shareKeys()
        try harness.receipts()
        let partners = try harness.server.closeShareReceipts()
        var masked = try partners.map { try harness.clients[$0.recipient].maskInput($0, input: harness.inputs[$0.recipient]) }
        var forged = masked[1].serialized()
        forged[Wire.headerByteCount + 5] ^= 1
        let batch = [masked[0], masked[0], try MaskedInput(serialized: forged), MaskedInput(roundID: 7, sender: 2, words: [1], signature: [])]
        let outcomes = harness.server.receive(batch, workers: 2)
        #expect(outcomes.map { $0?.kind } == [nil, .duplicateMessage, .invalidSignature, .wrongLength])
        #expect(harness.server.pendingDevices == Array(1..<10))
        masked.removeFirst()
        #expect(harness.server.receive(masked, workers: 2).allSatisfy { $0 == nil })
        let sets = try harness.server.closeMaskedInput()
        let signatures = try sets.map { try harness.clients[$0.recipient].signContributors($0) }
        let signatureOutcomes = harness.server.receive(signatures + [signatures[2]], workers: 2)
        #expect(signatureOutcomes.prefix(10).allSatisfy { $0 == nil })
        #expect(signatureOutcomes.last??.kind == .duplicateMessage)
        let requests = try harness.server.closeConsistencyCheck()
        let responses = try requests.map { try harness.clients[$0.recipient].unmask($0) }
        let unmaskOutcomes = harness.server.receive(responses + [responses[3]], workers: 2)
        #expect(unmaskOutcomes.prefix(10).allSatisfy { $0 == nil })
        #expect(unmaskOutcomes.last??.kind == .duplicateMessage)
        let result = try harness.server.finish(workers: 2)
        #expect(result.sum == harness.expectedSum(of: 0..<10))
    }

    @Test("A signed advertisement of a low-order X25519 key is refused before neighbours depend on it")
    func lowOrderKey() throws {
        var harness = try Harness(n: 6, k: 3, t: 2, d: 2, seed: 5)
        let real = try harness.clients[0].advertiseKeys()
        let zero = try AgreementPublicKey(bytes: [UInt8](repeating: 0, count: 32))
        let unsigned = AdvertiseKeys(roundID: 7, sender: 0, encryptionKey: zero, maskKey: real.maskKey, signature: [])
        let signed = AdvertiseKeys(roundID: 7, sender: 0, encryptionKey: zero, maskKey: real.maskKey,
                                   signature: try Signing.sign(unsigned.unsignedBytes, with: harness.identities[0], harness.configuration))
        rejects(.malformedMessage, harness) { try $0.receive(signed) }
        try harness.server.receive(real)
    }
}
