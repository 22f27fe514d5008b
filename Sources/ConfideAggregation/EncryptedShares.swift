import ConfideCrypto

/// One device's two Shamir shares for one neighbour (of its self-mask seed and of its
/// mask secret key), encrypted with XChaCha20-Poly1305 under the pair's share key.
///
/// The associated data binds the round configuration, the sender and the recipient,
/// so the coordinator, which routes these opaquely, can neither read nor redirect them.
public struct EncryptedShares: Sendable, Equatable {
    /// Bytes of one serialized share: index, threshold and 32 value bytes.
    static let shareByteCount = 2 + SymmetricKey.byteCount
    /// Bytes of the ciphertext: nonce, two shares, tag.
    public static let ciphertextByteCount = XChaCha20Poly1305.nonceByteCount + 2 * shareByteCount + 16

    /// The cohort index of the device that made the shares.
    public let sender: Int
    /// The cohort index of the neighbour they are for.
    public let recipient: Int
    /// `nonce || ciphertext || tag`.
    public let ciphertext: [UInt8]

    init(sender: Int, recipient: Int, ciphertext: [UInt8]) {
        self.sender = sender
        self.recipient = recipient
        self.ciphertext = ciphertext
    }

    static func associatedData(_ configuration: RoundConfiguration, sender: Int, recipient: Int) -> [UInt8] {
        var writer = ByteWriter(capacity: 64)
        writer.raw(Array("confide.secagg.v1.shares".utf8))
        writer.raw(configuration.digest)
        writer.u32(UInt32(sender))
        writer.u32(UInt32(recipient))
        return writer.bytes
    }

    /// Encrypts the two shares for `recipient`.
    static func seal(selfShare: ShamirShare, keyShare: ShamirShare, key: SymmetricKey, sender: Int, recipient: Int,
                     _ configuration: RoundConfiguration) throws(AggregationError) -> EncryptedShares {
        let ciphertext = try crypto("share encryption") {
            var plaintext = try selfShare.serialized().withUnsafeBytes { Array($0) }
            plaintext += try keyShare.serialized().withUnsafeBytes { Array($0) }
            defer { plaintext.withUnsafeMutableBytes { SecureBytes.zero($0) } }
            return try XChaCha20Poly1305.seal(plaintext, using: key,
                                              authenticating: associatedData(configuration, sender: sender, recipient: recipient))
        }
        return EncryptedShares(sender: sender, recipient: recipient, ciphertext: ciphertext)
    }

    /// Decrypts the shares into secure memory (`self-mask share || mask-key share`, each
    /// `index || threshold || 32 bytes`); a wrong key, a changed byte or a misaddressed
    /// envelope fails, and so does a share whose index or threshold is not `expectedIndex`
    /// and `threshold`.
    func open(key: SymmetricKey, expectedIndex: UInt8, threshold: Int,
              _ configuration: RoundConfiguration) throws(AggregationError) -> SecureBytes {
        let from = configuration.cohort[sender].id
        var plaintext: [UInt8]
        do {
            plaintext = try XChaCha20Poly1305.open(ciphertext, using: key,
                                                   authenticating: Self.associatedData(configuration, sender: sender, recipient: recipient))
        } catch {
            throw AggregationError(.invalidShare, "the shares from this neighbour do not decrypt: \(error)", device: from)
        }
        defer { plaintext.withUnsafeMutableBytes { SecureBytes.zero($0) } }
        guard plaintext.count == 2 * Self.shareByteCount else {
            throw AggregationError(.invalidShare, "decrypted shares have \(plaintext.count) bytes, expected \(2 * Self.shareByteCount)", device: from)
        }
        for offset in [0, Self.shareByteCount] where plaintext[offset] != expectedIndex || Int(plaintext[offset + 1]) != threshold {
            throw AggregationError(.invalidShare,
                                   "a share has index \(plaintext[offset]) and threshold \(plaintext[offset + 1]); expected \(expectedIndex) and \(threshold)",
                                   device: from)
        }
        return try crypto("share storage") { try SecureBytes(copying: plaintext) }
    }

    func write(_ writer: inout ByteWriter, party: Int) {
        writer.u32(UInt32(party))
        writer.raw(ciphertext)
    }

    static let entryByteCount = 4 + ciphertextByteCount
}
