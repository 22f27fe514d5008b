/// Outlier detection on one numeric column, by z-score or by the interquartile range, with a
/// choice of flagging, dropping or winsorizing (clamping to the fences).
public struct OutlierDetector: Sendable, Equatable {
    /// How the fences are set.
    public enum Method: Sendable, Equatable {
        /// Outside mean ± threshold · standard deviation (default threshold 3).
        case zScore(threshold: Double = 3)
        /// Outside [Q1 − multiplier · IQR, Q3 + multiplier · IQR] (default multiplier 1.5).
        case interquartileRange(multiplier: Double = 1.5)
    }

    /// What happens to outliers.
    public enum Action: String, Sendable {
        /// Report them; values unchanged.
        case flag = "flagged"
        /// Remove them.
        case drop = "dropped"
        /// Clamp them to the nearest fence.
        case winsorize = "winsorized"
    }

    /// The fence rule.
    public let method: Method
    /// The treatment.
    public let action: Action

    /// A detector.
    public init(_ method: Method, action: Action) {
        self.method = method
        self.action = action
    }

    /// Lower and upper fences for `values` (at least one value).
    public func fences(_ values: [Double]) throws -> ClosedRange<Double> {
        guard !values.isEmpty, values.allSatisfy(\.isFinite) else {
            throw MLError.invalid("outlier detection needs at least one value, all finite")
        }
        switch method {
        case let .zScore(threshold):
            let statistics = FeatureStatistics(try Matrix(rows: values.count, columns: 1, storage: values))
            let mean = statistics.mean[0], deviation = statistics.standardDeviation[0]
            return (mean - threshold * deviation)...(mean + threshold * deviation)
        case let .interquartileRange(multiplier):
            let sorted = values.sorted()
            let q1 = Self.quantile(sorted, 0.25), q3 = Self.quantile(sorted, 0.75)
            let spread = q3 - q1
            return (q1 - multiplier * spread)...(q3 + multiplier * spread)
        }
    }

    /// The outcome on one column.
    public struct Outcome: Sendable, Equatable {
        /// The column after the action (shorter after `.drop`).
        public var values: [Double]
        /// Positions (in the input) of the outliers.
        public var outliers: [Int]
    }

    /// Applies the detector to `values`; counts outliers in `report` under `field`.
    public func apply(_ values: [Double], field: String, report: inout CleaningReport) throws -> Outcome {
        let bounds = try fences(values)
        let outliers = values.indices.filter { !bounds.contains(values[$0]) }
        let result: [Double] = switch action {
        case .flag: values
        case .drop: values.indices.filter { bounds.contains(values[$0]) }.map { values[$0] }
        case .winsorize: values.map { min(max($0, bounds.lowerBound), bounds.upperBound) }
        }
        report.record(stage: "outliers", rule: field, action: action.rawValue,
                      reason: "\(field) outside [\(bounds.lowerBound), \(bounds.upperBound)]", count: outliers.count)
        return Outcome(values: result, outliers: outliers)
    }

    /// Linear-interpolation quantile of sorted values (numpy's default).
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down)), upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (position - Double(lower)) * (sorted[upper] - sorted[lower])
    }
}
