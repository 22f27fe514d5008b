/// The `u16 count || count × u32` framing of cohort-index lists, strictly ascending, shared
/// by the messages that carry one.
enum IndexList {
    static func byteCount(_ list: [Int]) -> Int { 2 + 4 * list.count }

    static func write(_ list: [Int], to writer: inout ByteWriter) {
        writer.u16(UInt16(truncatingIfNeeded: list.count))
        for index in list { writer.u32(UInt32(truncatingIfNeeded: index)) }
    }

    /// Reads a list, refusing one that is not strictly ascending before anything acts on it.
    /// Membership is the receiver's to check: it knows which indices the list may name.
    static func read(_ reader: inout ByteReader, _ name: String) throws(AggregationError) -> [Int] {
        let count = Int(try reader.u16("\(name) count"))
        guard 4 * count <= reader.remaining else {
            throw AggregationError(.malformedMessage, "\(reader.what) declares \(count) \(name) entries but has \(reader.remaining) bytes left")
        }
        var list: [Int] = []
        list.reserveCapacity(count)
        for _ in 0..<count {
            let index = Int(try reader.u32("\(name) index"))
            guard index > (list.last ?? -1) else {
                throw AggregationError(.malformedMessage, "\(reader.what): the \(name) list must be strictly ascending")
            }
            list.append(index)
        }
        return list
    }
}
