/// Appends little-endian fields to a byte buffer: the one wire format of every message.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 64) { bytes.reserveCapacity(capacity) }

    mutating func u8(_ value: UInt8) { bytes.append(value) }

    mutating func u16(_ value: UInt16) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func u32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func u64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func f64(_ value: Double) { u64(value.bitPattern) }

    mutating func raw(_ data: [UInt8]) { bytes.append(contentsOf: data) }

    mutating func raw(_ data: UnsafeRawBufferPointer) { bytes.append(contentsOf: data) }

    /// A string with a one-byte length prefix (callers guarantee at most 255 bytes).
    mutating func shortString(_ text: String) {
        let utf8 = Array(text.utf8)
        u8(UInt8(utf8.count))
        raw(utf8)
    }

    /// Words as little-endian `UInt32`, without a count.
    mutating func words(_ words: [UInt32]) {
        #if _endian(little)
        words.withUnsafeBytes { bytes.append(contentsOf: $0) }
        #else
        for word in words { u32(word) }
        #endif
    }
}
