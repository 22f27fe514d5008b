/// Stage 3, device → coordinator: which neighbours' share envelopes did not open.
///
/// A device that cannot open a neighbour's envelope holds none of that neighbour's shares,
/// so it must not mask with it either: the coordinator cuts that pair on both sides (see
/// ``MaskPartners``) before anyone masks. A malicious device that sends bad envelopes
/// therefore costs its own place in the round, not the round.
public struct ShareReceipt: Sendable, Equatable {
    /// The round id.
    public let roundID: UInt64
    /// The sender's cohort index.
    public let sender: Int
    /// Neighbours whose envelopes failed to open, ascending.
    public let failed: [Int]
    /// Ed25519 signature over everything above (see ``Signing``).
    public let signature: [UInt8]

    init(roundID: UInt64, sender: Int, failed: [Int], signature: [UInt8]) {
        self.roundID = roundID
        self.sender = sender
        self.failed = failed
        self.signature = signature
    }

    var unsignedBytes: [UInt8] {
        var writer = ByteWriter(capacity: Wire.headerByteCount + IndexList.byteCount(failed) + Signing.signatureByteCount)
        Wire.writeHeader(&writer, .shareReceipt, round: roundID, party: sender)
        IndexList.write(failed, to: &writer)
        return writer.bytes
    }

    /// The message as bytes.
    public func serialized() -> [UInt8] { unsignedBytes + signature }

    /// Parses a message produced by ``serialized()``.
    public init(serialized bytes: [UInt8]) throws(AggregationError) {
        var reader = ByteReader(bytes, what: "a ShareReceipt message")
        let (round, sender) = try Wire.readHeader(&reader, .shareReceipt)
        let failed = try IndexList.read(&reader, "failed sender")
        let signature = try reader.raw(Signing.signatureByteCount, "signature")
        try reader.finish()
        self.init(roundID: round, sender: sender, failed: failed, signature: signature)
    }
}
