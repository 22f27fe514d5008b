import Testing
import ConfideCrypto
@testable import ConfideAggregation

@Suite("Binary messages are strict and versioned")
struct WireFormatTests {
    /// Serialized messages of every kind from one real round.
    func messages() throws -> [(Wire.Kind, [UInt8], ([UInt8]) throws -> [UInt8])] {
        var harness = try Harness(n: 6, k: 3, t: 2, d: 3, seed: 21)
        var out: [(Wire.Kind, [UInt8], ([UInt8]) throws -> [UInt8])] = []
        out.append((.configuration, harness.configuration.serialized(), { try RoundConfiguration(serialized: $0).serialized() }))
        for device in 0..<6 {
            let advert = try harness.clients[device].advertiseKeys()
            if device == 0 { out.append((.advertiseKeys, advert.serialized(), { try AdvertiseKeys(serialized: $0).serialized() })) }
            try harness.server.receive(advert)
        }
        let keys = try harness.server.closeAdvertiseKeys()
        out.append((.neighbourKeys, keys[0].serialized(), { try NeighbourKeys(serialized: $0).serialized() }))
        for message in keys {
            let shares = try harness.clients[message.recipient].shareKeys(message)
            if message.recipient == 0 { out.append((.shareKeys, shares.serialized(), { try ShareKeys(serialized: $0).serialized() })) }
            try harness.server.receive(shares)
        }
        let deliveries = try harness.server.closeShareKeys()
        out.append((.shareDelivery, deliveries[0].serialized(), { try ShareDelivery(serialized: $0).serialized() }))
        for delivery in deliveries {
            var receipt = try harness.clients[delivery.recipient].receiveShares(delivery)
            if delivery.recipient == 0 {
                // A receipt naming a failed envelope, so the list's framing is exercised too.
                let unsigned = ShareReceipt(roundID: 7, sender: 0, failed: [delivery.envelopes[0].sender], signature: [])
                let listed = ShareReceipt(roundID: 7, sender: 0, failed: unsigned.failed,
                                          signature: try Signing.sign(unsigned.unsignedBytes, with: harness.identities[0], harness.configuration))
                out.append((.shareReceipt, listed.serialized(), { try ShareReceipt(serialized: $0).serialized() }))
                receipt = try ShareReceipt(serialized: receipt.serialized())
            }
            try harness.server.receive(receipt)
        }
        let partners = try harness.server.closeShareReceipts()
        out.append((.maskPartners, partners[0].serialized(), { try MaskPartners(serialized: $0).serialized() }))
        for message in partners {
            let masked = try harness.clients[message.recipient].maskInput(message, input: harness.inputs[message.recipient])
            if message.recipient == 0 { out.append((.maskedInput, masked.serialized(), { try MaskedInput(serialized: $0).serialized() })) }
            try harness.server.receive(masked)
        }
        let sets = try harness.server.closeMaskedInput()
        out.append((.contributorSet, sets[0].serialized(), { try ContributorSet(serialized: $0).serialized() }))
        for set in sets {
            let signature = try harness.clients[set.recipient].signContributors(set)
            if set.recipient == 0 {
                out.append((.consistencySignature, signature.serialized(), { try ConsistencySignature(serialized: $0).serialized() }))
            }
            try harness.server.receive(signature)
        }
        let requests = try harness.server.closeConsistencyCheck()
        out.append((.unmaskRequest, requests[0].serialized(), { try UnmaskRequest(serialized: $0).serialized() }))
        let response = try harness.clients[0].unmask(requests[0])
        out.append((.unmaskResponse, response.serialized(), { try UnmaskResponse(serialized: $0).serialized() }))
        return out
    }

    @Test("Every message round-trips byte for byte and names its kind")
    func roundTrip() throws {
        let all = try messages()
        #expect(all.count == 12)
        for (kind, bytes, reparse) in all {
            #expect(try reparse(bytes) == bytes, "\(kind)")
            #expect(try Wire.kind(of: bytes) == kind)
        }
    }

    @Test("Truncation at any length, trailing bytes, a foreign version or another kind are typed errors")
    func malformed() throws {
        for (kind, bytes, reparse) in try messages() {
            for length in 0..<bytes.count {
                let error = try #require(throws: AggregationError.self, "\(kind) cut to \(length)") { try reparse(Array(bytes.prefix(length))) }
                #expect([.malformedMessage, .invalidConfiguration].contains(error.kind), "\(kind) cut to \(length): \(error)")
            }
            let trailing = try #require(throws: AggregationError.self) { try reparse(bytes + [0]) }
            #expect(trailing.kind == .malformedMessage, "\(kind): \(trailing)")
            var version = bytes
            version[4] = 1
            #expect(throws: AggregationError(.unsupportedVersion, "message format version 1, this code speaks 2")) { try Wire.kind(of: version) }
            let versionError = try #require(throws: AggregationError.self) { try reparse(version) }
            #expect(versionError.kind == .unsupportedVersion)
            var otherKind = bytes
            otherKind[5] = kind == .maskedInput ? Wire.Kind.advertiseKeys.rawValue : Wire.Kind.maskedInput.rawValue
            let kindError = try #require(throws: AggregationError.self) { try reparse(otherKind) }
            #expect(kindError.kind == .malformedMessage)
        }
    }

    @Test("Vectors travel as little-endian UInt32 words")
    func littleEndianWords() throws {
        let message = MaskedInput(roundID: 1, sender: 2, words: [0x0403_0201, 0xDDCC_BBAA], signature: [UInt8](repeating: 9, count: 64))
        let bytes = message.serialized()
        #expect(Array(bytes[Wire.headerByteCount..<(Wire.headerByteCount + 12)]) == [2, 0, 0, 0, 1, 2, 3, 4, 0xAA, 0xBB, 0xCC, 0xDD])
        #expect(bytes.count == MaskedInput.byteCount(vectorLength: 2))
    }
}
