import ConfideAggregation

/// Every secure-aggregation wire parser, chosen by the kind byte as a transport would.
///
/// A message that parses must serialize back to the same bytes (a configuration up to its
/// party field, which it does not keep): a parser that accepts what its writer would not
/// produce is a bug worth a trap here.
enum SecAggWireTarget {
    static func run(_ bytes: [UInt8]) {
        guard let kind = try? Wire.kind(of: bytes) else { return }
        let written: [UInt8]?
        switch kind {
        case .configuration: written = (try? RoundConfiguration(serialized: bytes))?.serialized()
        case .advertiseKeys: written = (try? AdvertiseKeys(serialized: bytes))?.serialized()
        case .neighbourKeys: written = (try? NeighbourKeys(serialized: bytes))?.serialized()
        case .shareKeys: written = (try? ShareKeys(serialized: bytes))?.serialized()
        case .shareDelivery: written = (try? ShareDelivery(serialized: bytes))?.serialized()
        case .maskedInput: written = (try? MaskedInput(serialized: bytes))?.serialized()
        case .unmaskRequest: written = (try? UnmaskRequest(serialized: bytes))?.serialized()
        case .unmaskResponse: written = (try? UnmaskResponse(serialized: bytes))?.serialized()
        case .shareReceipt: written = (try? ShareReceipt(serialized: bytes))?.serialized()
        case .maskPartners: written = (try? MaskPartners(serialized: bytes))?.serialized()
        case .contributorSet: written = (try? ContributorSet(serialized: bytes))?.serialized()
        case .consistencySignature: written = (try? ConsistencySignature(serialized: bytes))?.serialized()
        }
        guard let written else { return }
        var expected = bytes
        // A configuration's party field is always written as 0 (bytes 14..<18 of the header).
        if kind == .configuration { expected.replaceSubrange(14..<18, with: [0, 0, 0, 0]) }
        precondition(written == expected, "\(kind) does not round-trip")
    }

    static func seeds() throws -> [(name: String, bytes: [UInt8])] {
        try SecAggFixture.shared().messages.map { ($0.name, $0.bytes) }
    }
}
