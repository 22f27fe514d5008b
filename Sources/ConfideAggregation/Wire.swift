/// The framing shared by every binary message of the protocol.
///
/// Every message starts with the magic bytes `CFSA`, a format version, a kind byte,
/// the round id (little-endian `UInt64`) and one party index (`UInt32`: the sender of
/// a device message, the recipient of a coordinator message). Integers are
/// little-endian, vectors are little-endian `UInt32` words, lists carry explicit counts,
/// and parsers reject truncation, trailing bytes and out-of-range fields.
public enum Wire {
    /// The format version this code writes and reads.
    public static let version: UInt8 = 2
    /// The four bytes every message starts with.
    static let magic: [UInt8] = Array("CFSA".utf8)
    /// Bytes of the common header.
    static let headerByteCount = 4 + 1 + 1 + 8 + 4

    /// What a message is; the kind byte of the header.
    public enum Kind: UInt8, Sendable, CustomStringConvertible {
        /// A ``RoundConfiguration``.
        case configuration = 0
        /// An ``AdvertiseKeys`` message.
        case advertiseKeys = 1
        /// A ``NeighbourKeys`` message.
        case neighbourKeys = 2
        /// A ``ShareKeys`` message.
        case shareKeys = 3
        /// A ``ShareDelivery`` message.
        case shareDelivery = 4
        /// A ``MaskedInput`` message.
        case maskedInput = 5
        /// An ``UnmaskRequest`` message.
        case unmaskRequest = 6
        /// An ``UnmaskResponse`` message.
        case unmaskResponse = 7
        /// A ``ShareReceipt`` message.
        case shareReceipt = 8
        /// A ``MaskPartners`` message.
        case maskPartners = 9
        /// A ``ContributorSet`` message.
        case contributorSet = 10
        /// A ``ConsistencySignature`` message.
        case consistencySignature = 11

        public var description: String {
            switch self {
            case .configuration: "RoundConfiguration"
            case .advertiseKeys: "AdvertiseKeys"
            case .neighbourKeys: "NeighbourKeys"
            case .shareKeys: "ShareKeys"
            case .shareDelivery: "ShareDelivery"
            case .maskedInput: "MaskedInput"
            case .unmaskRequest: "UnmaskRequest"
            case .unmaskResponse: "UnmaskResponse"
            case .shareReceipt: "ShareReceipt"
            case .maskPartners: "MaskPartners"
            case .contributorSet: "ContributorSet"
            case .consistencySignature: "ConsistencySignature"
            }
        }
    }

    /// The kind of a serialized message, read from its header without parsing the rest,
    /// so a transport can dispatch bytes to the right parser.
    public static func kind(of bytes: [UInt8]) throws(AggregationError) -> Kind {
        guard bytes.count >= headerByteCount, Array(bytes[0..<4]) == magic else {
            throw AggregationError(.malformedMessage, "not a Confide secure-aggregation message (bad magic or too short)")
        }
        guard bytes[4] == version else {
            throw AggregationError(.unsupportedVersion, "message format version \(bytes[4]), this code speaks \(version)")
        }
        guard let kind = Kind(rawValue: bytes[5]) else {
            throw AggregationError(.malformedMessage, "unknown message kind \(bytes[5])")
        }
        return kind
    }

    static func writeHeader(_ writer: inout ByteWriter, _ kind: Kind, round: UInt64, party: Int) {
        writer.raw(magic)
        writer.u8(version)
        writer.u8(kind.rawValue)
        writer.u64(round)
        writer.u32(UInt32(truncatingIfNeeded: party))
    }

    /// Reads and checks the header; returns the round id and party index.
    static func readHeader(_ reader: inout ByteReader, _ kind: Kind) throws(AggregationError) -> (round: UInt64, party: Int) {
        let magic = try reader.raw(4, "magic")
        guard magic == Self.magic else {
            throw AggregationError(.malformedMessage, "\(reader.what) does not start with the magic bytes CFSA")
        }
        let version = try reader.u8("version")
        guard version == Self.version else {
            throw AggregationError(.unsupportedVersion, "\(reader.what) has format version \(version), this code speaks \(Self.version)")
        }
        let found = try reader.u8("kind")
        guard found == kind.rawValue else {
            let name = Kind(rawValue: found).map { "\($0)" } ?? "unknown kind \(found)"
            throw AggregationError(.malformedMessage, "expected \(reader.what), got \(name)")
        }
        let round = try reader.u64("round id")
        let party = Int(try reader.u32("party index"))
        return (round, party)
    }
}
