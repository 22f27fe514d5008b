/// The adjusted Rand index (Hubert and Arabie 1985): agreement between two labelings of the
/// same items, 1 for identical partitions (up to renaming), about 0 for random ones.
public enum AdjustedRandIndex {
    /// The ARI of two labelings of equal length.
    public static func score(_ truth: [Int], _ predicted: [Int]) throws -> Double {
        guard truth.count == predicted.count else {
            throw MLError.dimension("labelings differ in length: \(truth.count) and \(predicted.count)")
        }
        let n = truth.count
        guard n > 1 else { return 1 }
        var contingency: [Int64: Int] = [:]
        var rows: [Int: Int] = [:]
        var columns: [Int: Int] = [:]
        for (a, b) in zip(truth, predicted) {
            contingency[Int64(a) << 32 ^ Int64(UInt32(truncatingIfNeeded: b)), default: 0] += 1
            rows[a, default: 0] += 1
            columns[b, default: 0] += 1
        }
        func pairs(_ x: Int) -> Double { Double(x) * Double(x - 1) / 2 }
        let index = contingency.values.reduce(0) { $0 + pairs($1) }
        let rowPairs = rows.values.reduce(0) { $0 + pairs($1) }
        let columnPairs = columns.values.reduce(0) { $0 + pairs($1) }
        let expected = rowPairs * columnPairs / pairs(n)
        let maximum = (rowPairs + columnPairs) / 2
        // Both labelings put everything in one cluster (or each item alone): identical partitions.
        guard maximum != expected else { return 1 }
        return (index - expected) / (maximum - expected)
    }
}
