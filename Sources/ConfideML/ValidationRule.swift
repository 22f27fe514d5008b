/// A check on one record with its reason, and what happens to a record that fails it: the
/// whole record is dropped, or only the offending value is cleared (to be imputed later).
public struct ValidationRule<Record> {
    /// What to do with a violation.
    public enum Action: String, Sendable {
        /// Remove the record.
        case drop = "dropped"
        /// Clear the offending value; the record stays.
        case clear = "cleared"
    }

    /// The rule's name in reports, e.g. "age_range".
    public let name: String
    /// Why a violating record or value is wrong.
    public let reason: String
    /// What happens on a violation.
    public let action: Action
    private let violates: (Record) -> Bool
    private let clearValue: (inout Record) -> Void

    /// A rule from a predicate; `clear` empties the offending value and is required for `.clear`.
    public init(
        name: String, reason: String, action: Action,
        violates: @escaping (Record) -> Bool, clear: @escaping (inout Record) -> Void = { _ in }
    ) {
        self.name = name
        self.reason = reason
        self.action = action
        self.violates = violates
        self.clearValue = clear
    }

    /// A range rule on an optional numeric field: a present value outside `range` violates it;
    /// a missing value does not (missing values are the imputation stage's business).
    public static func range<Value: Comparable>(
        _ name: String, _ keyPath: WritableKeyPath<Record, Value?>, _ range: ClosedRange<Value>,
        action: Action, reason: String? = nil
    ) -> ValidationRule {
        ValidationRule(
            name: name, reason: reason ?? "\(name) outside \(range.lowerBound)...\(range.upperBound)", action: action,
            violates: { record in record[keyPath: keyPath].map { !range.contains($0) } ?? false },
            clear: { record in record[keyPath: keyPath] = nil }
        )
    }

    /// Whether `record` violates the rule.
    public func isViolated(by record: Record) -> Bool { violates(record) }

    /// Applies the rule to `records`: drops or repairs violators and counts them in `report`.
    public func apply(to records: [Record], report: inout CleaningReport) -> [Record] {
        var kept: [Record] = []
        kept.reserveCapacity(records.count)
        var touched = 0
        for var record in records {
            guard violates(record) else {
                kept.append(record)
                continue
            }
            touched += 1
            if action == .clear {
                clearValue(&record)
                kept.append(record)
            }
        }
        report.record(stage: "validation", rule: name, action: action.rawValue, reason: reason, count: touched)
        return kept
    }
}
