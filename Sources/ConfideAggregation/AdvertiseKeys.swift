import ConfideCrypto

/// Stage 1, device → coordinator: a device's two fresh X25519 public keys, signed with
/// its identity key. The coordinator forwards them unchanged to the device's neighbours,
/// who check the signature themselves, so it cannot substitute keys.
public struct AdvertiseKeys: Sendable, Equatable {
    /// Serialized size in bytes (fixed).
    public static let byteCount = Wire.headerByteCount + 2 * AgreementPublicKey.byteCount + Signing.signatureByteCount

    /// The round id.
    public let roundID: UInt64
    /// The sender's cohort index.
    public let sender: Int
    /// The key neighbours use to encrypt secret shares to this device.
    public let encryptionKey: AgreementPublicKey
    /// The key pairwise masks are agreed with.
    public let maskKey: AgreementPublicKey
    /// Ed25519 signature over everything above (see ``Wire``).
    public let signature: [UInt8]

    init(roundID: UInt64, sender: Int, encryptionKey: AgreementPublicKey, maskKey: AgreementPublicKey, signature: [UInt8]) {
        self.roundID = roundID
        self.sender = sender
        self.encryptionKey = encryptionKey
        self.maskKey = maskKey
        self.signature = signature
    }

    /// The bytes the signature covers.
    var unsignedBytes: [UInt8] {
        var writer = ByteWriter(capacity: Self.byteCount)
        Wire.writeHeader(&writer, .advertiseKeys, round: roundID, party: sender)
        writer.raw(encryptionKey.bytes)
        writer.raw(maskKey.bytes)
        return writer.bytes
    }

    /// The message as bytes.
    public func serialized() -> [UInt8] { unsignedBytes + signature }

    /// Parses a message produced by ``serialized()``.
    public init(serialized bytes: [UInt8]) throws(AggregationError) {
        var reader = ByteReader(bytes, what: "an AdvertiseKeys message")
        try self.init(reading: &reader)
        try reader.finish()
    }

    init(reading reader: inout ByteReader) throws(AggregationError) {
        let (round, sender) = try Wire.readHeader(&reader, .advertiseKeys)
        let encryption = try reader.raw(AgreementPublicKey.byteCount, "encryption key")
        let mask = try reader.raw(AgreementPublicKey.byteCount, "mask key")
        roundID = round
        self.sender = sender
        encryptionKey = try crypto("encryption key") { try AgreementPublicKey(bytes: encryption) }
        maskKey = try crypto("mask key") { try AgreementPublicKey(bytes: mask) }
        signature = try reader.raw(Signing.signatureByteCount, "signature")
    }

    /// Checks round, sender and signature against `configuration`.
    func verify(_ configuration: RoundConfiguration) throws(AggregationError) {
        try checkRound(roundID, configuration, .advertiseKeys)
        try Signing.verify(signature, over: unsignedBytes, sender: sender, what: .advertiseKeys, configuration)
        guard encryptionKey != maskKey else {
            throw AggregationError(.malformedMessage, "the encryption and mask keys must differ",
                                   device: configuration.cohort[sender].id)
        }
    }
}

/// Throws ``AggregationError/Kind/wrongRound`` unless `round` is the configuration's.
func checkRound(_ round: UInt64, _ configuration: RoundConfiguration, _ kind: Wire.Kind) throws(AggregationError) {
    guard round == configuration.roundID else {
        throw AggregationError(.wrongRound, "a \(kind) message for round \(round) arrived in round \(configuration.roundID)")
    }
}
