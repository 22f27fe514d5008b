/// Stage 3, device → coordinator: the device's input plus its self mask and its pairwise
/// masks, modulo 2^32. Alone it is indistinguishable from random words.
public struct MaskedInput: Sendable, Equatable {
    /// The round id.
    public let roundID: UInt64
    /// The sender's cohort index.
    public let sender: Int
    /// `y = x + PRG(b) + Σ ±PRG(s_uv) mod 2^32`, one word per coordinate.
    public let words: [UInt32]
    /// Ed25519 signature over everything above.
    public let signature: [UInt8]

    init(roundID: UInt64, sender: Int, words: [UInt32], signature: [UInt8]) {
        self.roundID = roundID
        self.sender = sender
        self.words = words
        self.signature = signature
    }

    var unsignedBytes: [UInt8] {
        var writer = ByteWriter(capacity: Wire.headerByteCount + 4 + 4 * words.count + Signing.signatureByteCount)
        Wire.writeHeader(&writer, .maskedInput, round: roundID, party: sender)
        writer.u32(UInt32(truncatingIfNeeded: words.count))
        writer.words(words)
        return writer.bytes
    }

    /// The message as bytes.
    public func serialized() -> [UInt8] { unsignedBytes + signature }

    /// Serialized size in bytes for a vector of `length` words.
    public static func byteCount(vectorLength length: Int) -> Int {
        Wire.headerByteCount + 4 + 4 * length + Signing.signatureByteCount
    }

    /// Parses a message produced by ``serialized()``.
    public init(serialized bytes: [UInt8]) throws(AggregationError) {
        var reader = ByteReader(bytes, what: "a MaskedInput message")
        let (round, sender) = try Wire.readHeader(&reader, .maskedInput)
        let count = Int(try reader.u32("word count"))
        guard 4 * count + Signing.signatureByteCount == reader.remaining else {
            throw AggregationError(.malformedMessage, "a MaskedInput message declares \(count) words but has \(reader.remaining) bytes left")
        }
        let words = try reader.words(count, "words")
        let signature = try reader.raw(Signing.signatureByteCount, "signature")
        try reader.finish()
        self.init(roundID: round, sender: sender, words: words, signature: signature)
    }
}
