/// Reads little-endian fields from a message, throwing a precise error on truncation.
struct ByteReader {
    private let bytes: [UInt8]
    private(set) var offset = 0
    /// What is being parsed, for error messages ("an AdvertiseKeys message").
    let what: String

    init(_ bytes: [UInt8], what: String) {
        self.bytes = bytes
        self.what = what
    }

    var remaining: Int { bytes.count - offset }

    private mutating func take(_ count: Int, _ field: String) throws(AggregationError) -> Range<Int> {
        guard count >= 0, remaining >= count else {
            throw AggregationError(.malformedMessage,
                                   "\(what) is truncated: \(field) needs \(count) bytes at offset \(offset), \(remaining) remain")
        }
        defer { offset += count }
        return offset..<(offset + count)
    }

    mutating func u8(_ field: String) throws(AggregationError) -> UInt8 {
        bytes[try take(1, field).lowerBound]
    }

    mutating func u16(_ field: String) throws(AggregationError) -> UInt16 {
        let range = try take(2, field)
        return UInt16(bytes[range.lowerBound]) | UInt16(bytes[range.lowerBound + 1]) << 8
    }

    mutating func u32(_ field: String) throws(AggregationError) -> UInt32 {
        let range = try take(4, field)
        var value: UInt32 = 0
        for i in range.reversed() { value = value << 8 | UInt32(bytes[i]) }
        return value
    }

    mutating func u64(_ field: String) throws(AggregationError) -> UInt64 {
        let range = try take(8, field)
        var value: UInt64 = 0
        for i in range.reversed() { value = value << 8 | UInt64(bytes[i]) }
        return value
    }

    mutating func f64(_ field: String) throws(AggregationError) -> Double {
        Double(bitPattern: try u64(field))
    }

    mutating func raw(_ count: Int, _ field: String) throws(AggregationError) -> [UInt8] {
        Array(bytes[try take(count, field)])
    }

    mutating func shortString(_ field: String) throws(AggregationError) -> String {
        let length = Int(try u8("\(field) length"))
        let utf8 = try raw(length, field)
        guard let text = String(validating: utf8, as: UTF8.self) else {
            throw AggregationError(.malformedMessage, "\(what): \(field) is not valid UTF-8")
        }
        return text
    }

    /// `count` little-endian `UInt32` words.
    mutating func words(_ count: Int, _ field: String) throws(AggregationError) -> [UInt32] {
        guard count <= remaining / 4 else {
            throw AggregationError(.malformedMessage,
                                   "\(what) is truncated: \(field) declares \(count) words, \(remaining) bytes remain")
        }
        let range = try take(count * 4, field)
        return [UInt32](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { source in
                let slice = UnsafeRawBufferPointer(rebasing: source[range])
                #if _endian(little)
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: slice)
                #else
                for i in 0..<count { buffer[i] = UInt32(littleEndian: slice.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)) }
                #endif
            }
            initialized = count
        }
    }

    /// Throws unless every byte was consumed: trailing bytes are an error, not ignored.
    func finish() throws(AggregationError) {
        guard remaining == 0 else {
            throw AggregationError(.malformedMessage, "\(what) has \(remaining) unexpected trailing bytes")
        }
    }
}
