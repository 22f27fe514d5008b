/// A subset of a round's cohort as `u32 n || ⌈n/8⌉ bytes`: device i is bit `i mod 8`
/// (least significant first) of byte `i / 8`; bits past n are zero, so each set has exactly
/// one encoding and devices that sign "the same set" sign the same bytes.
public struct CohortBitmap: Sendable, Equatable {
    /// The cohort size.
    public let count: Int
    /// The packed bits.
    public private(set) var bytes: [UInt8]

    /// The set of `members` in a cohort of `count` devices.
    public init(count: Int, members: some Sequence<Int>) {
        self.count = count
        bytes = Array(repeating: 0, count: (count + 7) / 8)
        for member in members where member >= 0 && member < count {
            bytes[member >> 3] |= 1 << UInt8(member & 7)
        }
    }

    /// Whether device `index` is in the set.
    public func contains(_ index: Int) -> Bool {
        index >= 0 && index < count && bytes[index >> 3] & (1 << UInt8(index & 7)) != 0
    }

    /// The members, ascending.
    public var members: [Int] { (0..<count).filter(contains) }

    var byteCount: Int { 4 + bytes.count }

    func write(to writer: inout ByteWriter) {
        writer.u32(UInt32(truncatingIfNeeded: count))
        writer.raw(bytes)
    }

    /// Reads a bitmap, refusing set padding bits; the receiver checks the size against its cohort.
    static func read(_ reader: inout ByteReader) throws(AggregationError) -> CohortBitmap {
        let count = Int(try reader.u32("cohort size"))
        guard (count + 7) / 8 <= reader.remaining else {
            throw AggregationError(.malformedMessage, "\(reader.what) is too short for a bitmap of \(count) devices")
        }
        let bytes = try reader.raw((count + 7) / 8, "contributor bitmap")
        if count % 8 != 0, let last = bytes.last, last >> UInt8(count % 8) != 0 {
            throw AggregationError(.malformedMessage, "\(reader.what) sets bits past the end of the cohort")
        }
        return CohortBitmap(count: count, bytes: bytes)
    }

    private init(count: Int, bytes: [UInt8]) {
        self.count = count
        self.bytes = bytes
    }
}
