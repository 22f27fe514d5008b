/// Why a device cannot personalize yet, in words its app can show or act on.
public struct PersonalizationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The family an error belongs to (a struct so families can be added without breaking callers).
    public struct Kind: Hashable, Sendable {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The device holds no model of the needed task yet (call `refreshModels()` after training).
        public static let noModel = Kind("no model")
        /// A published model does not have the shape its metadata announces.
        public static let malformedModel = Kind("malformed model")
        /// The device has no data to place itself with (no feature row for the model's schema).
        public static let noData = Kind("no data")
    }

    /// The error's family.
    public let kind: Kind
    /// What went wrong.
    public let message: String

    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
