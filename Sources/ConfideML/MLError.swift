/// An error from ConfideML: what went wrong, and where when it came from a file.
///
/// A struct around a kind that can grow, so callers switch on `kind` without new cases
/// breaking them. The description names the file and line for data errors.
public struct MLError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The family an error belongs to.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// A data file is missing or unreadable.
        public static let fileUnreadable = Kind("file unreadable")
        /// A line of a data file does not have the expected shape or values.
        public static let malformedData = Kind("malformed data")
        /// An argument is outside what the operation accepts (sizes, counts, ranges).
        public static let invalidArgument = Kind("invalid argument")
        /// Shapes of vectors or matrices do not match.
        public static let dimensionMismatch = Kind("dimension mismatch")
        /// A numerical routine could not proceed (for example a singular system).
        public static let numerical = Kind("numerical failure")

        /// The kind's name.
        public var description: String { name }
    }

    /// The error's family.
    public let kind: Kind
    /// What went wrong, in words a user can act on.
    public let message: String
    /// The file the error refers to, if any.
    public let file: String?
    /// The 1-based line in `file`, if any.
    public let line: Int?

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, file: String? = nil, line: Int? = nil) {
        self.kind = kind
        self.message = message
        self.file = file
        self.line = line
    }

    /// `file:line: message`, or only the message when there is no file.
    public var description: String {
        switch (file, line) {
        case let (file?, line?): "\(file):\(line): \(message)"
        case let (file?, nil): "\(file): \(message)"
        default: message
        }
    }

    static func invalid(_ message: String) -> MLError { MLError(.invalidArgument, message) }
    static func dimension(_ message: String) -> MLError { MLError(.dimensionMismatch, message) }
}
