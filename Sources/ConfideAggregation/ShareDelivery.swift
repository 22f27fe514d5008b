/// Stage 2 result, coordinator → device: the envelopes the recipient's live neighbours
/// encrypted to it. The senders are exactly the neighbours whose pairwise masks the
/// recipient must add to its input.
public struct ShareDelivery: Sendable, Equatable {
    /// The round id.
    public let roundID: UInt64
    /// The recipient's cohort index.
    public let recipient: Int
    /// One envelope per live neighbour, by ascending sender.
    public let envelopes: [EncryptedShares]

    /// A delivery for `recipient`.
    public init(roundID: UInt64, recipient: Int, envelopes: [EncryptedShares]) {
        self.roundID = roundID
        self.recipient = recipient
        self.envelopes = envelopes
    }

    /// The message as bytes.
    public func serialized() -> [UInt8] {
        var writer = ByteWriter(capacity: Wire.headerByteCount + 2 + envelopes.count * EncryptedShares.entryByteCount)
        Wire.writeHeader(&writer, .shareDelivery, round: roundID, party: recipient)
        writer.u16(UInt16(truncatingIfNeeded: envelopes.count))
        for envelope in envelopes { envelope.write(&writer, party: envelope.sender) }
        return writer.bytes
    }

    /// Parses a message produced by ``serialized()``.
    public init(serialized bytes: [UInt8]) throws(AggregationError) {
        var reader = ByteReader(bytes, what: "a ShareDelivery message")
        let (round, recipient) = try Wire.readHeader(&reader, .shareDelivery)
        let count = Int(try reader.u16("envelope count"))
        guard count * EncryptedShares.entryByteCount == reader.remaining else {
            throw AggregationError(.malformedMessage, "a ShareDelivery message declares \(count) envelopes but has \(reader.remaining) bytes left")
        }
        var envelopes: [EncryptedShares] = []
        for _ in 0..<count {
            let sender = Int(try reader.u32("sender"))
            let ciphertext = try reader.raw(EncryptedShares.ciphertextByteCount, "ciphertext")
            envelopes.append(EncryptedShares(sender: sender, recipient: recipient, ciphertext: ciphertext))
        }
        try reader.finish()
        self.init(roundID: round, recipient: recipient, envelopes: envelopes)
    }
}
