/// Per-feature sums from which the mean and variance follow: what the coordinator learns by
/// secure aggregation to normalize features globally without seeing any device's values.
///
/// Flat layout for `d` features, `dimension = 2d + 1` doubles: `Σx` (d values), then `Σx²`
/// (d values), then the row count `n`. Devices' vectors add up to the vector of their union.
public struct FeatureStatistics: Sendable, Equatable {
    /// Σx per feature.
    public private(set) var sum: [Double]
    /// Σx² per feature.
    public private(set) var sumOfSquares: [Double]
    /// Number of rows summed.
    public private(set) var count: Double

    /// Length of the flat vector for `d` features: 2d + 1.
    public static func dimension(features d: Int) -> Int { 2 * d + 1 }

    /// The statistics of `rows` (a device's own feature rows).
    public init(_ rows: Matrix) {
        let d = rows.columns
        sum = [Double](repeating: 0, count: d)
        sumOfSquares = [Double](repeating: 0, count: d)
        count = Double(rows.rows)
        for i in 0..<rows.rows {
            for c in 0..<d {
                let x = rows.storage[i * d + c]
                sum[c] += x
                sumOfSquares[c] += x * x
            }
        }
    }

    /// Statistics from a flat vector (for example the aggregated sum) for `d` features.
    public init(vector: [Double], features d: Int) throws {
        guard d >= 1, vector.count == Self.dimension(features: d) else {
            throw MLError.dimension("statistics for \(d) features need \(Self.dimension(features: d)) values, got \(vector.count)")
        }
        sum = Array(vector[0..<d])
        sumOfSquares = Array(vector[d..<2 * d])
        count = vector[2 * d]
    }

    /// Number of features.
    public var features: Int { sum.count }

    /// The flat vector: Σx, Σx², n.
    public var vector: [Double] { sum + sumOfSquares + [count] }

    /// Mean per feature (0 when there are no rows).
    public var mean: [Double] { sum.map { count > 0 ? $0 / count : 0 } }

    /// Population variance per feature, never negative (noise in aggregated sums can push
    /// Σx²/n − mean² below zero).
    public var variance: [Double] {
        zip(sum, sumOfSquares).map { s, q in
            guard count > 0 else { return 0 }
            let m = s / count
            return max(0, q / count - m * m)
        }
    }

    /// Population standard deviation per feature.
    public var standardDeviation: [Double] { variance.map { $0.squareRoot() } }

    /// The statistics of the union of both row sets.
    public static func + (lhs: FeatureStatistics, rhs: FeatureStatistics) throws -> FeatureStatistics {
        guard lhs.features == rhs.features else {
            throw MLError.dimension("cannot combine statistics of \(lhs.features) and \(rhs.features) features")
        }
        var result = lhs
        for c in 0..<lhs.features {
            result.sum[c] += rhs.sum[c]
            result.sumOfSquares[c] += rhs.sumOfSquares[c]
        }
        result.count += rhs.count
        return result
    }
}
