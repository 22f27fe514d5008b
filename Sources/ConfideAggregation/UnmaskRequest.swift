/// Stage 4, coordinator → device: which of the recipient's neighbours sent a masked
/// input (the device reveals their self-mask shares) and which dropped after sharing
/// keys (it reveals their mask-key shares). An honest device answers one request only,
/// and refuses any request that lists a neighbour in both lists.
public struct UnmaskRequest: Sendable, Equatable {
    /// The round id.
    public let roundID: UInt64
    /// The recipient's cohort index.
    public let recipient: Int
    /// Neighbours whose masked input was received, ascending.
    public let survivors: [Int]
    /// Neighbours that shared keys but sent no masked input, ascending.
    public let dropped: [Int]

    /// A request for `recipient`.
    public init(roundID: UInt64, recipient: Int, survivors: [Int], dropped: [Int]) {
        self.roundID = roundID
        self.recipient = recipient
        self.survivors = survivors
        self.dropped = dropped
    }

    /// The message as bytes.
    public func serialized() -> [UInt8] {
        var writer = ByteWriter(capacity: Wire.headerByteCount + 4 + 4 * (survivors.count + dropped.count))
        Wire.writeHeader(&writer, .unmaskRequest, round: roundID, party: recipient)
        for list in [survivors, dropped] {
            writer.u16(UInt16(truncatingIfNeeded: list.count))
            for index in list { writer.u32(UInt32(truncatingIfNeeded: index)) }
        }
        return writer.bytes
    }

    /// Parses a message produced by ``serialized()``.
    public init(serialized bytes: [UInt8]) throws(AggregationError) {
        var reader = ByteReader(bytes, what: "an UnmaskRequest message")
        let (round, recipient) = try Wire.readHeader(&reader, .unmaskRequest)
        var lists: [[Int]] = []
        for name in ["survivor", "dropped"] {
            let count = Int(try reader.u16("\(name) count"))
            var list: [Int] = []
            for _ in 0..<count { list.append(Int(try reader.u32("\(name) index"))) }
            lists.append(list)
        }
        try reader.finish()
        self.init(roundID: round, recipient: recipient, survivors: lists[0], dropped: lists[1])
    }
}
