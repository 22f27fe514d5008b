/// Stage 6, device → coordinator: the shares the coordinator asked for, in plaintext. The
/// HTTP transport sends them unsealed (only the masked input is sealed), so they rely on TLS.
public struct UnmaskResponse: Sendable {
    /// A share of a neighbour's secret, revealed to the coordinator.
    ///
    /// Kept in its serialized form (`index || threshold || value`, as
    /// ``ShamirShare/serialized()``): it has travelled in the clear to the coordinator,
    /// which rebuilds secrets with ``Shamir/combine(serialized:)`` without copying each
    /// share into locked memory first.
    public struct RevealedShare: Sendable, Equatable {
        /// The cohort index of the device whose secret this is a share of.
        public let owner: Int
        /// `index || threshold || 32 value bytes`.
        let bytes: [UInt8]

        init(owner: Int, bytes: [UInt8]) {
            self.owner = owner
            self.bytes = bytes
        }

        /// The share's x-coordinate (1–255).
        public var index: UInt8 { bytes[0] }
        /// The threshold of the split the share belongs to.
        public var threshold: UInt8 { bytes[1] }
        /// Bytes of the shared secret.
        public var secretByteCount: Int { bytes.count - 2 }
        /// The share as revealed, for the attack demonstration to combine.
        @_spi(AttackDemonstration) public var serialized: [UInt8] { bytes }
    }

    /// The round id.
    public let roundID: UInt64
    /// The sender's cohort index.
    public let sender: Int
    /// Shares of the self-mask seeds of the sender's partners in the contributor set, by ascending owner.
    public let selfMaskShares: [RevealedShare]
    /// Shares of the mask secret keys of its partners outside the set, by ascending owner.
    public let maskKeyShares: [RevealedShare]
    /// Ed25519 signature over everything above.
    public let signature: [UInt8]
    /// The bytes the signature covers, kept so verifying does not serialize every share again.
    let unsignedBytes: [UInt8]

    init(roundID: UInt64, sender: Int, selfMaskShares: [RevealedShare], maskKeyShares: [RevealedShare],
         unsignedBytes: [UInt8], signature: [UInt8]) {
        self.roundID = roundID
        self.sender = sender
        self.selfMaskShares = selfMaskShares
        self.maskKeyShares = maskKeyShares
        self.unsignedBytes = unsignedBytes
        self.signature = signature
    }

    static func unsignedBytes(roundID: UInt64, sender: Int, selfMaskShares: [RevealedShare],
                              maskKeyShares: [RevealedShare]) -> [UInt8] {
        let entries = selfMaskShares.count + maskKeyShares.count
        var writer = ByteWriter(capacity: Wire.headerByteCount + 4 + entries * (4 + EncryptedShares.shareByteCount) + 64)
        Wire.writeHeader(&writer, .unmaskResponse, round: roundID, party: sender)
        for list in [selfMaskShares, maskKeyShares] {
            writer.u16(UInt16(truncatingIfNeeded: list.count))
            for entry in list {
                writer.u32(UInt32(entry.owner))
                writer.raw(entry.bytes)
            }
        }
        return writer.bytes
    }

    /// The message as bytes.
    public func serialized() -> [UInt8] { unsignedBytes + signature }

    /// Parses a message produced by ``serialized()``.
    public init(serialized bytes: [UInt8]) throws(AggregationError) {
        var reader = ByteReader(bytes, what: "an UnmaskResponse message")
        guard bytes.count >= Wire.headerByteCount + 4 + Signing.signatureByteCount else {
            throw AggregationError(.malformedMessage, "an UnmaskResponse message needs at least \(Wire.headerByteCount + 4 + Signing.signatureByteCount) bytes, got \(bytes.count)")
        }
        let (round, sender) = try Wire.readHeader(&reader, .unmaskResponse)
        var lists: [[RevealedShare]] = []
        for name in ["self-mask share", "mask-key share"] {
            let count = Int(try reader.u16("\(name) count"))
            guard count * (4 + EncryptedShares.shareByteCount) <= reader.remaining else {
                throw AggregationError(.malformedMessage, "an UnmaskResponse declares \(count) \(name)s but is too short for them")
            }
            var list: [RevealedShare] = []
            list.reserveCapacity(count)
            for _ in 0..<count {
                let owner = Int(try reader.u32("\(name) owner"))
                let raw = try reader.raw(EncryptedShares.shareByteCount, name)
                guard raw[0] != 0, raw[1] != 0 else {
                    throw AggregationError(.malformedMessage, "an UnmaskResponse carries a \(name) with index or threshold 0")
                }
                list.append(RevealedShare(owner: owner, bytes: raw))
            }
            lists.append(list)
        }
        let signature = try reader.raw(Signing.signatureByteCount, "signature")
        try reader.finish()
        self.init(roundID: round, sender: sender, selfMaskShares: lists[0], maskKeyShares: lists[1],
                  unsignedBytes: Array(bytes.dropLast(Signing.signatureByteCount)), signature: signature)
    }
}
