/// The consistency check, coordinator → device: the devices whose masked input is in the
/// sum. Every device signs the one set it is shown (``ConsistencySignature``), and later
/// answers Unmask from that set alone, so the coordinator cannot tell one neighbour that a
/// device survived and another that it dropped.
public struct ContributorSet: Sendable, Equatable {
    /// The round id.
    public let roundID: UInt64
    /// The recipient's cohort index.
    public let recipient: Int
    /// The contributors.
    public let contributors: CohortBitmap

    /// The set for `recipient`.
    public init(roundID: UInt64, recipient: Int, contributors: CohortBitmap) {
        self.roundID = roundID
        self.recipient = recipient
        self.contributors = contributors
    }

    /// The message as bytes.
    public func serialized() -> [UInt8] {
        var writer = ByteWriter(capacity: Wire.headerByteCount + contributors.byteCount)
        Wire.writeHeader(&writer, .contributorSet, round: roundID, party: recipient)
        contributors.write(to: &writer)
        return writer.bytes
    }

    /// Parses a message produced by ``serialized()``.
    public init(serialized bytes: [UInt8]) throws(AggregationError) {
        var reader = ByteReader(bytes, what: "a ContributorSet message")
        let (round, recipient) = try Wire.readHeader(&reader, .contributorSet)
        let contributors = try CohortBitmap.read(&reader)
        try reader.finish()
        self.init(roundID: round, recipient: recipient, contributors: contributors)
    }
}

/// The consistency check, device → coordinator: the sender's signature over the contributor
/// set it was shown. The set is not repeated: the signed bytes are this message's header
/// followed by the set's encoding (``signedBytes(roundID:sender:contributors:)``).
public struct ConsistencySignature: Sendable, Equatable {
    /// The round id.
    public let roundID: UInt64
    /// The signer's cohort index.
    public let sender: Int
    /// Ed25519 signature over the transcript of ``signedBytes(roundID:sender:contributors:)``.
    public let signature: [UInt8]

    /// A signature message; public so a coordinator can pass neighbours' signatures on.
    public init(roundID: UInt64, sender: Int, signature: [UInt8]) {
        self.roundID = roundID
        self.sender = sender
        self.signature = signature
    }

    /// What `sender` signs when it accepts `contributors`.
    static func signedBytes(roundID: UInt64, sender: Int, contributors: CohortBitmap) -> [UInt8] {
        var writer = ByteWriter(capacity: Wire.headerByteCount + contributors.byteCount)
        Wire.writeHeader(&writer, .consistencySignature, round: roundID, party: sender)
        contributors.write(to: &writer)
        return writer.bytes
    }

    /// Throws ``AggregationError/Kind/invalidSignature`` unless the sender signed `contributors`.
    func verify(_ contributors: CohortBitmap, _ configuration: RoundConfiguration) throws(AggregationError) {
        try Signing.verify(signature, over: Self.signedBytes(roundID: roundID, sender: sender, contributors: contributors),
                           sender: sender, what: .consistencySignature, configuration)
    }

    /// The message as bytes.
    public func serialized() -> [UInt8] {
        var writer = ByteWriter(capacity: Wire.headerByteCount + Signing.signatureByteCount)
        Wire.writeHeader(&writer, .consistencySignature, round: roundID, party: sender)
        writer.raw(signature)
        return writer.bytes
    }

    /// Parses a message produced by ``serialized()``.
    public init(serialized bytes: [UInt8]) throws(AggregationError) {
        var reader = ByteReader(bytes, what: "a ConsistencySignature message")
        let (round, sender) = try Wire.readHeader(&reader, .consistencySignature)
        let signature = try reader.raw(Signing.signatureByteCount, "signature")
        try reader.finish()
        self.init(roundID: round, sender: sender, signature: signature)
    }
}
