/// Stage 3 result, coordinator → device: the neighbours the recipient masks its input with
/// and whose shares it keeps for Unmask.
///
/// A pair is cut when either side could not open the other's envelope, and a device left
/// with fewer than t partners is dropped, so every pairwise mask in the sum has a partner
/// mask that cancels it and every contributor's secrets have t holders.
public struct MaskPartners: Sendable, Equatable {
    /// The round id.
    public let roundID: UInt64
    /// The recipient's cohort index.
    public let recipient: Int
    /// Cohort indices of the recipient's partners, ascending.
    public let partners: [Int]

    /// A partner list for `recipient`.
    public init(roundID: UInt64, recipient: Int, partners: [Int]) {
        self.roundID = roundID
        self.recipient = recipient
        self.partners = partners
    }

    /// The message as bytes.
    public func serialized() -> [UInt8] {
        var writer = ByteWriter(capacity: Wire.headerByteCount + IndexList.byteCount(partners))
        Wire.writeHeader(&writer, .maskPartners, round: roundID, party: recipient)
        IndexList.write(partners, to: &writer)
        return writer.bytes
    }

    /// Parses a message produced by ``serialized()``.
    public init(serialized bytes: [UInt8]) throws(AggregationError) {
        var reader = ByteReader(bytes, what: "a MaskPartners message")
        let (round, recipient) = try Wire.readHeader(&reader, .maskPartners)
        let partners = try IndexList.read(&reader, "partner")
        try reader.finish()
        self.init(roundID: round, recipient: recipient, partners: partners)
    }
}
