/// Feature scaling from statistics that may come from elsewhere: z-score (mean and standard
/// deviation, e.g. from securely aggregated `FeatureStatistics`) or min-max (bounds agreed
/// beforehand). A device scales its own rows with the global statistics.
public struct Normalizer: Sendable, Equatable {
    /// How each feature is mapped.
    public enum Method: Sendable, Equatable {
        /// (x − mean) / deviation.
        case zScore(mean: [Double], deviation: [Double])
        /// (x − min) / (max − min), so the bounds map to 0 and 1.
        case minMax(minimum: [Double], maximum: [Double])
    }

    /// The mapping.
    public let method: Method

    /// A normalizer; throws when the parameter lists differ in length or are not finite.
    public init(_ method: Method) throws {
        let (a, b) = switch method {
        case let .zScore(mean, deviation): (mean, deviation)
        case let .minMax(minimum, maximum): (minimum, maximum)
        }
        guard a.count == b.count, !a.isEmpty else {
            throw MLError.dimension("normalization parameters differ in length: \(a.count) and \(b.count)")
        }
        guard (a + b).allSatisfy(\.isFinite) else { throw MLError.invalid("normalization parameters must be finite") }
        self.method = method
    }

    /// Z-score normalization from aggregated statistics.
    public static func zScore(_ statistics: FeatureStatistics) throws -> Normalizer {
        try Normalizer(.zScore(mean: statistics.mean, deviation: statistics.standardDeviation))
    }

    /// Number of features.
    public var features: Int {
        switch method {
        case let .zScore(mean, _): mean.count
        case let .minMax(minimum, _): minimum.count
        }
    }

    /// `rows` with every feature mapped. A constant feature (zero deviation or range) maps to 0.
    public func apply(_ rows: Matrix) throws -> Matrix {
        guard rows.columns == features else {
            throw MLError.dimension("rows have \(rows.columns) features, the normalizer \(features)")
        }
        let (offset, scale): ([Double], [Double]) = switch method {
        case let .zScore(mean, deviation): (mean, deviation)
        case let .minMax(minimum, maximum): (minimum, zip(minimum, maximum).map { $1 - $0 })
        }
        let inverse = scale.map { $0 > 1e-12 ? 1 / $0 : 0 }
        var result = rows
        let d = rows.columns
        for i in 0..<rows.rows {
            for c in 0..<d { result.storage[i * d + c] = (rows.storage[i * d + c] - offset[c]) * inverse[c] }
        }
        return result
    }
}
