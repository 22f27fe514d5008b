import ConfideStore

/// What a finding concerns: how many rows of which kind, the subjects they belong to (by
/// pseudonym) and the rows' identifiers.
///
/// Counts are exact; the lists keep at most ``listLimit`` entries each and say when they were cut.
public struct AffectedRows: Hashable, Sendable, Codable {
    /// The most subjects and references a finding lists.
    public static let listLimit = 1_000

    /// How many rows are affected.
    public let count: Int
    /// What the rows are (`records`, `participations`, `requests`, `rounds`, `entries`, `devices`, `rows`).
    public let unit: String
    /// How many distinct subjects the rows belong to.
    public let subjectCount: Int
    /// Their pseudonyms, sorted; at most ``listLimit``.
    public let subjects: [Pseudonym]
    /// The rows' identifiers (record ids, `round/device`, request ids, ledger sequence numbers), sorted; at most ``listLimit``.
    public let references: [String]
    /// Whether either list was cut at ``listLimit``.
    public let truncated: Bool

    /// Affected rows: `references` identify them, `subjects` own them (duplicates are merged).
    public init(unit: String, references: [String], subjects: [Pseudonym]) {
        let uniqueSubjects = Set(subjects).sorted()
        let uniqueReferences = Array(Set(references)).sorted()
        count = uniqueReferences.count
        self.unit = unit
        subjectCount = uniqueSubjects.count
        self.subjects = Array(uniqueSubjects.prefix(Self.listLimit))
        self.references = Array(uniqueReferences.prefix(Self.listLimit))
        truncated = uniqueSubjects.count > Self.listLimit || uniqueReferences.count > Self.listLimit
    }

    /// Nothing stored is affected (a finding about the policy itself).
    public static let none = AffectedRows(unit: "rows", references: [], subjects: [])

    enum CodingKeys: String, CodingKey {
        case count, unit, subjects, references, truncated
        case subjectCount = "subject_count"
    }
}
