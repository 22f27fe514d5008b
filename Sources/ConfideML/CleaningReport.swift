/// What cleaning did: for each rule, how many records or values it touched and why.
///
/// Reports add up (`merge`), so a coordinator can total the reports of many devices; the
/// entries keep the order in which rules first reported.
public struct CleaningReport: Sendable, Equatable, CustomStringConvertible {
    /// One rule's effect.
    public struct Entry: Sendable, Equatable {
        /// The stage the rule belongs to ("validation", "deduplication", "missing", …).
        public var stage: String
        /// The rule's name, e.g. "session_duration".
        public var rule: String
        /// What the rule does to an offending record or value, e.g. "dropped", "cleared", "imputed".
        public var action: String
        /// Why, in words a reader can act on.
        public var reason: String
        /// How many records or values it touched.
        public var count: Int
    }

    /// The entries, in first-report order.
    public private(set) var entries: [Entry] = []

    /// An empty report.
    public init() {}

    /// Counts `count` more for a rule (adds the entry on first report; zero counts are kept
    /// so a report lists every rule that ran).
    public mutating func record(stage: String, rule: String, action: String, reason: String, count: Int = 1) {
        if let index = entries.firstIndex(where: { $0.stage == stage && $0.rule == rule && $0.action == action }) {
            entries[index].count += count
        } else {
            entries.append(Entry(stage: stage, rule: rule, action: action, reason: reason, count: count))
        }
    }

    /// Adds another report's counts into this one.
    public mutating func merge(_ other: CleaningReport) {
        for entry in other.entries {
            record(stage: entry.stage, rule: entry.rule, action: entry.action, reason: entry.reason, count: entry.count)
        }
    }

    /// The count for a rule (summed over actions), 0 when it never reported.
    public func count(rule: String) -> Int {
        entries.filter { $0.rule == rule }.reduce(0) { $0 + $1.count }
    }

    /// One line per entry: `stage/rule: action N (reason)`.
    public var description: String {
        entries.map { "\($0.stage)/\($0.rule): \($0.action) \($0.count) (\($0.reason))" }.joined(separator: "\n")
    }
}
