/// The `u16 count || count × u32` framing of cohort-index lists, strictly ascending, shared
/// by the messages that carry one.
enum IndexList {
    static func byteCount(_ list: [Int]) -> Int { 2 + 4 * list.count }

    static func write(_ list: [Int], to writer: inout ByteWriter) {
        writer.u16(UInt16(truncatingIfNeeded: list.count))
        for index in list { writer.u32(UInt32(truncatingIfNeeded: index)) }
    }

    /// Reads a list, refusing one that is not strictly ascending or names an index outside a
    /// cohort of `cohortSize` (when known), before anything acts on it.
    static func read(_ reader: inout ByteReader, _ name: String, cohortSize: Int? = nil) throws(AggregationError) -> [Int] {
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
            if let cohortSize, index >= cohortSize {
                throw AggregationError(.unknownParty, "\(reader.what): \(name) index \(index) is outside the cohort of \(cohortSize)")
            }
            list.append(index)
        }
        return list
    }
}
