/// Removes repeated records: the first record with a given key is kept, later ones dropped.
public enum Deduplicator {
    /// `records` without repeats of `key`, in their original order; counts drops in `report`.
    public static func apply<Record, Key: Hashable>(
        _ records: [Record], rule: String = "duplicate", key: (Record) -> Key, report: inout CleaningReport
    ) -> [Record] {
        var seen = Set<Key>()
        seen.reserveCapacity(records.count)
        let kept = records.filter { seen.insert(key($0)).inserted }
        report.record(stage: "deduplication", rule: rule, action: "dropped",
                      reason: "same content as an earlier record", count: records.count - kept.count)
        return kept
    }
}
