import ConfideAggregation

/// Hostile but validly signed messages delivered mid-round: the first byte picks the
/// stage, the rest is the message.
///
/// Selectors 0–5 deliver AdvertiseKeys, ShareKeys, ShareReceipt, MaskedInput,
/// ConsistencySignature and UnmaskResponse to the server, re-signed by the claimed sender
/// (a malicious device can sign anything), then close the stage. Selectors 6–10 deliver
/// NeighbourKeys (each advertisement re-signed), ShareDelivery, MaskPartners,
/// ContributorSet and UnmaskRequest to device 0, as a malicious coordinator could.
enum SecAggRoundTarget {
    /// Stages a selector byte can pick.
    static let stageCount = 11

    static func run(_ bytes: [UInt8]) {
        guard let selector = bytes.first, let fixture = try? SecAggFixture.shared() else { return }
        let message = Array(bytes.dropFirst())
        switch Int(selector) % stageCount {
        case 0:
            guard let parsed = signed(message, fixture, parse: AdvertiseKeys.init(serialized:), sender: \.sender) else { return }
            var server = fixture.servers[0]
            _ = try? server.receive(parsed)
            _ = try? server.closeAdvertiseKeys()
        case 1:
            guard let parsed = signed(message, fixture, parse: ShareKeys.init(serialized:), sender: \.sender) else { return }
            var server = fixture.servers[1]
            _ = try? server.receive(parsed)
            _ = try? server.closeShareKeys()
        case 2:
            guard let parsed = signed(message, fixture, parse: ShareReceipt.init(serialized:), sender: \.sender) else { return }
            var server = fixture.servers[2]
            _ = try? server.receive(parsed)
            _ = try? server.closeShareReceipts()
        case 3:
            guard let parsed = signed(message, fixture, parse: MaskedInput.init(serialized:), sender: \.sender) else { return }
            var batch = fixture.servers[3]
            _ = batch.receive([parsed, parsed], workers: 1)
            var server = fixture.servers[3]
            _ = try? server.receive(parsed)
            _ = try? server.closeMaskedInput()
        case 4:
            // The signature covers the contributor set, not the message bytes, so it cannot be re-signed here.
            guard let parsed = try? ConsistencySignature(serialized: message) else { return }
            var batch = fixture.servers[4]
            _ = batch.receive([parsed, parsed], workers: 1)
            var server = fixture.servers[4]
            _ = try? server.receive(parsed)
            _ = try? server.closeConsistencyCheck()
        case 5:
            guard let parsed = signed(message, fixture, parse: UnmaskResponse.init(serialized:), sender: \.sender) else { return }
            var batch = fixture.servers[5]
            _ = batch.receive([parsed, parsed], workers: 1)
            var server = fixture.servers[5]
            _ = try? server.receive(parsed)
            _ = server.canFinish
            _ = try? server.finish(workers: 1)
        case 6:
            guard let parsed = try? NeighbourKeys(serialized: message) else { return }
            let adverts = parsed.advertisements.compactMap { advert in
                fixture.resigned(advert.serialized(), sender: advert.sender).flatMap { try? AdvertiseKeys(serialized: $0) }
            }
            var client = fixture.clients[0]
            _ = try? client.shareKeys(NeighbourKeys(roundID: parsed.roundID, recipient: parsed.recipient, advertisements: adverts))
        case 7:
            guard let parsed = try? ShareDelivery(serialized: message) else { return }
            var client = fixture.clients[1]
            _ = try? client.receiveShares(parsed)
        case 8:
            guard let parsed = try? MaskPartners(serialized: message) else { return }
            var client = fixture.clients[2]
            _ = try? client.maskInput(parsed, input: fixture.input)
        case 9:
            guard let parsed = try? ContributorSet(serialized: message) else { return }
            var client = fixture.clients[3]
            _ = try? client.signContributors(parsed)
            _ = try? client.signContributors(parsed)
        default:
            guard let parsed = try? UnmaskRequest(serialized: message) else { return }
            var client = fixture.clients[4]
            _ = try? client.unmask(parsed)
            _ = try? client.unmask(parsed)
        }
    }

    /// Parses `bytes`, re-signs them as the parsed sender, and parses the result.
    private static func signed<Message>(_ bytes: [UInt8], _ fixture: SecAggFixture,
                                        parse: ([UInt8]) throws(AggregationError) -> Message,
                                        sender: KeyPath<Message, Int>) -> Message? {
        guard let first = try? parse(bytes), let again = fixture.resigned(bytes, sender: first[keyPath: sender]) else { return nil }
        return try? parse(again)
    }

    static func seeds() throws -> [(name: String, bytes: [UInt8])] {
        let fixture = try SecAggFixture.shared()
        let order = ["advertise-keys", "share-keys", "share-receipt", "masked-input", "consistency-signature", "unmask-response",
                     "neighbour-keys", "share-delivery", "mask-partners", "contributor-set", "unmask-request"]
        return order.enumerated().compactMap { selector, name in
            fixture.messages.first { $0.name == name }.map { ("\(selector)-\(name)", [UInt8(selector)] + $0.bytes) }
        }
    }
}
