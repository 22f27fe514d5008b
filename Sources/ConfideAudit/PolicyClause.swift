import ConfidePolicy

/// The clause of the policy a finding is about: its dotted path and where it is written.
///
/// For a rule the policy lacks (an undeclared kind or field) the clause is the element that
/// should declare it, such as the `kinds` section or the kind's `fields`.
public struct PolicyClause: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The dotted path, such as `purposes.segmentation.retention_days`.
    public let path: String
    /// The policy file.
    public let file: String
    /// The line, counting from 1.
    public let line: Int
    /// The column, counting from 1.
    public let column: Int
    /// What the clause says, in words (`retention_days: 365`).
    public let text: String

    /// Creates a clause at `location`.
    public init(path: String, location: SourceLocation, text: String) {
        self.path = path
        file = location.file
        line = location.line
        column = location.column
        self.text = text
    }

    /// `file:line` followed by the path.
    public var description: String { "\(file):\(line) \(path)" }
}
