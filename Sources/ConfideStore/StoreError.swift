/// An error from the privacy store.
///
/// Messages name what was wrong (a record kind and field, a purpose, a device) so a user
/// can act on them; they never contain raw subject identifiers, key material or stored values.
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The category of a ``StoreError``; new kinds may be added.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// A record's kind is not declared in the policy.
        public static let unknownKind = Kind("unknownKind")
        /// A record has a field the policy declares no rule for.
        public static let undeclaredField = Kind("undeclaredField")
        /// A record or field value is malformed for its rule (a nested object, an age that is text…).
        public static let invalidRecord = Kind("invalidRecord")
        /// A purpose, task, channel or method is not declared in the policy.
        public static let unknownPurpose = Kind("unknownPurpose")
        /// An argument is outside what the store accepts.
        public static let invalidArgument = Kind("invalidArgument")
        /// The thing asked for does not exist.
        public static let notFound = Kind("notFound")
        /// The operation conflicts with the current state (a round already finished, a device owned by another subject…).
        public static let conflict = Kind("conflict")
        /// The operation is refused by privacy rules (a device of an erased subject re-registering…).
        public static let refused = Kind("refused")
        /// Keys are missing, malformed or unreadable.
        public static let keys = Kind("keys")
        /// The database location is malformed or the database cannot be reached.
        public static let connection = Kind("connection")
        /// The database was written by a newer version of Confide, or a migration failed.
        public static let schema = Kind("schema")
        /// Stored data failed an integrity check (decryption or signature).
        public static let integrity = Kind("integrity")
        /// The database reported an error.
        public static let database = Kind("database")

        /// The kind's name.
        public var description: String { name }
    }

    /// What kind of failure this is.
    public let kind: Kind
    /// A sentence saying what went wrong and, where it helps, what to do.
    public let message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
