/// Stage 5, coordinator → device: the contributor set the recipient signed, with its
/// neighbours' signatures over the same set.
///
/// The device answers only if at least t of its neighbours signed exactly the set it
/// signed, and takes "survived" (in the set: reveal the self-mask share) and "dropped"
/// (not in the set: reveal the mask-key share) for its partners from that set alone.
public struct UnmaskRequest: Sendable, Equatable {
    /// The round id.
    public let roundID: UInt64
    /// The recipient's cohort index.
    public let recipient: Int
    /// The devices whose masked input is in the sum.
    public let contributors: CohortBitmap
    /// Signatures of the recipient's neighbours over ``contributors``, by ascending signer.
    public let signatures: [ConsistencySignature]

    /// A request for `recipient`.
    public init(roundID: UInt64, recipient: Int, contributors: CohortBitmap, signatures: [ConsistencySignature]) {
        self.roundID = roundID
        self.recipient = recipient
        self.contributors = contributors
        self.signatures = signatures
    }

    /// The message as bytes.
    public func serialized() -> [UInt8] {
        let entry = 4 + Signing.signatureByteCount
        var writer = ByteWriter(capacity: Wire.headerByteCount + contributors.byteCount + 2 + entry * signatures.count)
        Wire.writeHeader(&writer, .unmaskRequest, round: roundID, party: recipient)
        contributors.write(to: &writer)
        writer.u16(UInt16(truncatingIfNeeded: signatures.count))
        for signature in signatures {
            writer.u32(UInt32(truncatingIfNeeded: signature.sender))
            writer.raw(signature.signature)
        }
        return writer.bytes
    }

    /// Parses a message produced by ``serialized()``.
    public init(serialized bytes: [UInt8]) throws(AggregationError) {
        var reader = ByteReader(bytes, what: "an UnmaskRequest message")
        let (round, recipient) = try Wire.readHeader(&reader, .unmaskRequest)
        let contributors = try CohortBitmap.read(&reader)
        let count = Int(try reader.u16("signature count"))
        guard count * (4 + Signing.signatureByteCount) == reader.remaining else {
            throw AggregationError(.malformedMessage, "an UnmaskRequest message declares \(count) signatures but has \(reader.remaining) bytes left")
        }
        var signatures: [ConsistencySignature] = []
        for _ in 0..<count {
            let signer = Int(try reader.u32("signer index"))
            guard signer > (signatures.last?.sender ?? -1) else {
                throw AggregationError(.malformedMessage, "an UnmaskRequest must list each signer once, by ascending index")
            }
            signatures.append(ConsistencySignature(roundID: round, sender: signer, signature: try reader.raw(Signing.signatureByteCount, "signature")))
        }
        try reader.finish()
        self.init(roundID: round, recipient: recipient, contributors: contributors, signatures: signatures)
    }
}
