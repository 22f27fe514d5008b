import ConfideCrypto

/// Stage 2, device → coordinator: the device's shares for each live neighbour, each
/// encrypted to that neighbour, plus a commitment to its self-mask seed.
///
/// The commitment (BLAKE2b-256 over the fields `confide.secagg.v1.self-mask-commitment`
/// and the seed) reveals nothing about a 256-bit random seed
/// but lets the coordinator check that the seed it rebuilds from shares is the right one.
public struct ShareKeys: Sendable, Equatable {
    /// The round id.
    public let roundID: UInt64
    /// The sender's cohort index.
    public let sender: Int
    /// The sender's commitment to its self-mask seed (see ``commitment(to:)``).
    public let selfMaskCommitment: [UInt8]
    /// One envelope per live neighbour, by ascending recipient.
    public let envelopes: [EncryptedShares]
    /// Ed25519 signature over everything above.
    public let signature: [UInt8]

    init(roundID: UInt64, sender: Int, selfMaskCommitment: [UInt8], envelopes: [EncryptedShares], signature: [UInt8]) {
        self.roundID = roundID
        self.sender = sender
        self.selfMaskCommitment = selfMaskCommitment
        self.envelopes = envelopes
        self.signature = signature
    }

    var unsignedBytes: [UInt8] {
        var writer = ByteWriter(capacity: Wire.headerByteCount + 34 + envelopes.count * EncryptedShares.entryByteCount + 64)
        Wire.writeHeader(&writer, .shareKeys, round: roundID, party: sender)
        writer.raw(selfMaskCommitment)
        writer.u16(UInt16(truncatingIfNeeded: envelopes.count))
        for envelope in envelopes { envelope.write(&writer, party: envelope.recipient) }
        return writer.bytes
    }

    /// The message as bytes.
    public func serialized() -> [UInt8] { unsignedBytes + signature }

    /// Parses a message produced by ``serialized()``.
    public init(serialized bytes: [UInt8]) throws(AggregationError) {
        var reader = ByteReader(bytes, what: "a ShareKeys message")
        let (round, sender) = try Wire.readHeader(&reader, .shareKeys)
        let commitment = try reader.raw(32, "self-mask commitment")
        let count = Int(try reader.u16("envelope count"))
        guard count * EncryptedShares.entryByteCount + Signing.signatureByteCount == reader.remaining else {
            throw AggregationError(.malformedMessage, "a ShareKeys message declares \(count) envelopes but has \(reader.remaining) bytes left")
        }
        var envelopes: [EncryptedShares] = []
        for _ in 0..<count {
            let recipient = Int(try reader.u32("recipient"))
            let ciphertext = try reader.raw(EncryptedShares.ciphertextByteCount, "ciphertext")
            envelopes.append(EncryptedShares(sender: sender, recipient: recipient, ciphertext: ciphertext))
        }
        let signature = try reader.raw(Signing.signatureByteCount, "signature")
        try reader.finish()
        self.init(roundID: round, sender: sender, selfMaskCommitment: commitment, envelopes: envelopes, signature: signature)
    }

    /// The commitment to a self-mask seed.
    static func commitment(to seed: SymmetricKey) throws(AggregationError) -> [UInt8] {
        try crypto("seed commitment") {
            try seed.withUnsafeBytes { bytes in
                try Digest.blake2b256(fields: [Array("confide.secagg.v1.self-mask-commitment".utf8), Array(bytes)])
            }
        }
    }
}
