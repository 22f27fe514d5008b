/// A position in a policy file: the file's path, a 1-based line and a 1-based column.
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The path of the file, as it was given to the loader.
    public let file: String
    /// The line, counting from 1.
    public let line: Int
    /// The column, counting from 1.
    public let column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the form editors and compilers use.
    public var description: String { "\(file):\(line):\(column)" }
}
