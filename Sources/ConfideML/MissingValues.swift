/// Missing-value handling: drop records that miss too much, impute the rest.
public enum MissingValues {
    /// How a missing numeric value is filled.
    public enum Imputation: Sendable, Equatable {
        /// The mean of the present values.
        case mean
        /// The median of the present values.
        case median
        /// The most frequent present value (ties: the smallest).
        case mode
        /// A value supplied from elsewhere, e.g. a global median the coordinator aggregated.
        case constant(Double)
    }

    /// Drops records whose fraction of missing fields (among `fields`) exceeds `maximumFraction`.
    /// `isMissing(record, field)` tells whether a field is missing.
    public static func dropIncomplete<Record>(
        _ records: [Record], fields: [String], maximumFraction: Double,
        isMissing: (Record, String) -> Bool, report: inout CleaningReport
    ) -> [Record] {
        guard !fields.isEmpty else { return records }
        let kept = records.filter { record in
            let missing = fields.filter { isMissing(record, $0) }.count
            return Double(missing) / Double(fields.count) <= maximumFraction
        }
        report.record(stage: "missing", rule: "incomplete_record", action: "dropped",
                      reason: "more than \(Int((maximumFraction * 100).rounded()))% of \(fields.joined(separator: ", ")) missing",
                      count: records.count - kept.count)
        return kept
    }

    /// The value `imputation` fills with, from the present values; nil when there are none
    /// (and no constant).
    public static func fillValue(_ values: [Double?], _ imputation: Imputation) -> Double? {
        if case let .constant(value) = imputation { return value }
        let present = values.compactMap { $0 }.filter(\.isFinite)
        guard !present.isEmpty else { return nil }
        switch imputation {
        case .mean:
            return present.reduce(0, +) / Double(present.count)
        case .median:
            return median(present)
        case .mode:
            var counts: [Double: Int] = [:]
            for value in present { counts[value, default: 0] += 1 }
            return counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }!.key
        case .constant:
            return nil
        }
    }

    /// Fills the missing entries of `values` (rule name `field` in the report); entries stay
    /// missing only when nothing is present to impute from.
    public static func impute(_ values: [Double?], _ imputation: Imputation, field: String, report: inout CleaningReport) -> [Double?] {
        let missing = values.filter { $0 == nil }.count
        guard missing > 0, let fill = fillValue(values, imputation) else {
            report.record(stage: "missing", rule: field, action: "imputed", reason: "\(field) missing", count: 0)
            return values
        }
        report.record(stage: "missing", rule: field, action: "imputed", reason: "\(field) missing, filled with \(name(imputation))", count: missing)
        return values.map { $0 ?? fill }
    }

    /// The most frequent present string (ties: the alphabetically first), for categorical fields.
    public static func mode(_ values: [String?]) -> String? {
        var counts: [String: Int] = [:]
        for value in values.compactMap({ $0 }) { counts[value, default: 0] += 1 }
        return counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
    }

    /// Median of a non-empty array.
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    private static func name(_ imputation: Imputation) -> String {
        switch imputation {
        case .mean: "the mean"
        case .median: "the median"
        case .mode: "the mode"
        case let .constant(value): "the supplied value \(value)"
        }
    }
}
