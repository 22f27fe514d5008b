/// A dense row-major matrix of doubles: row `r` occupies `storage[r * columns ..< (r + 1) * columns]`.
///
/// Points for K-Means, factor matrices for matrix factorization, feature tables: all live in
/// one contiguous buffer so the hot loops run over unsafe buffer pointers.
public struct Matrix: Sendable, Equatable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// The entries, row after row (`rows * columns` values).
    public var storage: [Double]

    /// A matrix with every entry set to `value` (default 0).
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must not be negative")
        self.rows = rows
        self.columns = columns
        storage = [Double](repeating: value, count: rows * columns)
    }

    /// A matrix over existing row-major storage; throws when the count does not match.
    public init(rows: Int, columns: Int, storage: [Double]) throws {
        guard rows >= 0, columns >= 0, storage.count == rows * columns else {
            throw MLError.dimension("a \(rows)×\(columns) matrix needs \(rows * columns) values, got \(storage.count)")
        }
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// A matrix from equally long rows; throws when they differ in length.
    public init(rowArrays: [[Double]]) throws {
        let columns = rowArrays.first?.count ?? 0
        var storage: [Double] = []
        storage.reserveCapacity(rowArrays.count * columns)
        for (index, row) in rowArrays.enumerated() {
            guard row.count == columns else {
                throw MLError.dimension("row \(index) has \(row.count) values, expected \(columns)")
            }
            storage.append(contentsOf: row)
        }
        self.rows = rowArrays.count
        self.columns = columns
        self.storage = storage
    }

    /// The entry at `row`, `column`.
    @inlinable
    public subscript(row: Int, column: Int) -> Double {
        get { storage[row * columns + column] }
        set { storage[row * columns + column] = newValue }
    }

    /// A copy of one row.
    public func row(_ index: Int) -> [Double] {
        Array(storage[index * columns ..< (index + 1) * columns])
    }

    /// A copy of one column.
    public func column(_ index: Int) -> [Double] {
        (0..<rows).map { storage[$0 * columns + index] }
    }

    /// Replaces one row; `values` must have `columns` entries.
    public mutating func setRow(_ index: Int, _ values: some Collection<Double>) {
        precondition(values.count == columns, "row length must equal the column count")
        var position = index * columns
        for value in values {
            storage[position] = value
            position += 1
        }
    }

    /// The matrix made of the given rows, in that order.
    public func selecting(rows indices: some Collection<Int>) -> Matrix {
        var result = Matrix(rows: indices.count, columns: columns)
        for (target, source) in indices.enumerated() {
            for c in 0..<columns { result.storage[target * columns + c] = storage[source * columns + c] }
        }
        return result
    }
}
