/// One problem found while loading or validating a policy, with where it is and what was expected.
public struct PolicyDiagnostic: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Where the problem is.
    public let location: SourceLocation
    /// The dotted path of the offending element, such as `purposes.segmentation.retention_days`.
    public let path: String
    /// What is wrong, in a sentence a policy author can act on.
    public let message: String

    /// Creates a diagnostic.
    public init(location: SourceLocation, path: String, message: String) {
        self.location = location
        self.path = path
        self.message = message
    }

    /// `file:line:column: error: path: message`.
    public var description: String {
        path.isEmpty ? "\(location): error: \(message)" : "\(location): error: \(path): \(message)"
    }
}
