/// The minimum-cost assignment of rows to distinct columns (the Hungarian method, in the
/// potentials form of Kuhn–Munkres), for the small matrices that matching two models'
/// segments gives: O(n²·m) for n rows and m ≥ n columns.
public enum OptimalAssignment {
    /// For each row of `cost` (n rows of m values each), the column it is assigned to, so
    /// that no two rows share a column and the total cost is least. With more rows than
    /// columns, the rows left over get `nil`.
    public static func minimumCost(_ cost: [[Double]]) throws -> [Int?] {
        let n = cost.count
        guard n > 0 else { return [] }
        let m = cost[0].count
        guard m > 0, cost.allSatisfy({ $0.count == m }), cost.allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
            throw MLError.invalid("an assignment needs a non-empty rectangular matrix of finite costs")
        }
        if n > m {
            // Assign columns to rows instead, then read it back the other way.
            let transposed = (0..<m).map { column in (0..<n).map { cost[$0][column] } }
            var rows = [Int?](repeating: nil, count: n)
            for (column, row) in try minimumCost(transposed).enumerated() { rows[row!] = column }
            return rows
        }
        // 1-based arrays with a sentinel column 0, as the classic formulation has them.
        var u = [Double](repeating: 0, count: n + 1), v = [Double](repeating: 0, count: m + 1)
        var owner = [Int](repeating: 0, count: m + 1), way = [Int](repeating: 0, count: m + 1)
        for row in 1...n {
            owner[0] = row
            var column0 = 0
            var least = [Double](repeating: .infinity, count: m + 1)
            var used = [Bool](repeating: false, count: m + 1)
            repeat {
                used[column0] = true
                let row0 = owner[column0]
                var delta = Double.infinity, column1 = 0
                for column in 1...m where !used[column] {
                    let reduced = cost[row0 - 1][column - 1] - u[row0] - v[column]
                    if reduced < least[column] {
                        least[column] = reduced
                        way[column] = column0
                    }
                    if least[column] < delta {
                        delta = least[column]
                        column1 = column
                    }
                }
                for column in 0...m {
                    if used[column] {
                        u[owner[column]] += delta
                        v[column] -= delta
                    } else {
                        least[column] -= delta
                    }
                }
                column0 = column1
            } while owner[column0] != 0
            repeat {
                let previous = way[column0]
                owner[column0] = owner[previous]
                column0 = previous
            } while column0 != 0
        }
        var assignment = [Int?](repeating: nil, count: n)
        for column in 1...m where owner[column] != 0 { assignment[owner[column] - 1] = column - 1 }
        return assignment
    }
}
