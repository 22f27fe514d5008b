/// An error from loading or validating policies.
///
/// Every problem found is reported at once, each with its file, line and column, so an
/// author can fix a policy in one pass.
public struct PolicyError: Error, Sendable, CustomStringConvertible {
    /// The category of a ``PolicyError``; new kinds may be added.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// A file or folder could not be read.
        public static let unreadable = Kind("unreadable")
        /// The policies are readable but wrong: see ``PolicyError/diagnostics``.
        public static let invalid = Kind("invalid")

        /// The kind's name.
        public var description: String { name }
    }

    /// What kind of failure this is.
    public let kind: Kind
    /// Every problem found, in file order.
    public let diagnostics: [PolicyDiagnostic]
    private let summary: String

    /// A policy that could not be read at all.
    public static func unreadable(_ message: String) -> PolicyError {
        PolicyError(kind: .unreadable, diagnostics: [], summary: message)
    }

    /// Policies with the given problems.
    public static func invalid(_ diagnostics: [PolicyDiagnostic]) -> PolicyError {
        PolicyError(kind: .invalid, diagnostics: diagnostics, summary: "")
    }

    /// One line per problem.
    public var description: String {
        if kind == .unreadable { return "error: \(summary)" }
        return diagnostics.map(\.description).joined(separator: "\n")
    }
}
