/// Stage 1 result, coordinator → device: the signed key advertisements of the
/// recipient's neighbours that are still in the round.
public struct NeighbourKeys: Sendable, Equatable {
    /// The round id.
    public let roundID: UInt64
    /// The recipient's cohort index.
    public let recipient: Int
    /// The neighbours' advertisements, by ascending sender index.
    public let advertisements: [AdvertiseKeys]

    /// A message for `recipient`.
    public init(roundID: UInt64, recipient: Int, advertisements: [AdvertiseKeys]) {
        self.roundID = roundID
        self.recipient = recipient
        self.advertisements = advertisements
    }

    /// The message as bytes.
    public func serialized() -> [UInt8] {
        var writer = ByteWriter(capacity: Wire.headerByteCount + 2 + advertisements.count * AdvertiseKeys.byteCount)
        Wire.writeHeader(&writer, .neighbourKeys, round: roundID, party: recipient)
        writer.u16(UInt16(truncatingIfNeeded: advertisements.count))
        for advertisement in advertisements { writer.raw(advertisement.serialized()) }
        return writer.bytes
    }

    /// Parses a message produced by ``serialized()``.
    public init(serialized bytes: [UInt8]) throws(AggregationError) {
        var reader = ByteReader(bytes, what: "a NeighbourKeys message")
        let (round, recipient) = try Wire.readHeader(&reader, .neighbourKeys)
        let count = Int(try reader.u16("advertisement count"))
        guard count * AdvertiseKeys.byteCount == reader.remaining else {
            throw AggregationError(.malformedMessage,
                                   "a NeighbourKeys message declares \(count) advertisements but has \(reader.remaining) bytes for them")
        }
        var advertisements: [AdvertiseKeys] = []
        for _ in 0..<count { advertisements.append(try AdvertiseKeys(reading: &reader)) }
        try reader.finish()
        self.init(roundID: round, recipient: recipient, advertisements: advertisements)
    }
}
