/// A kind of record the store accepts, with where it comes from, why it is held and a
/// rule for every field.
public struct RecordKind: Hashable, Sendable, Codable {
    /// The kind's key, given when a record is ingested.
    public var key: String
    /// What a record of this kind is.
    public var description: String
    /// Where the data comes from (GDPR Art. 14(2)(f), 15(1)(g)).
    public var source: String
    /// The purposes records of this kind are held for.
    public var purposes: [String]
    /// The rules, one per declared field, in file order.
    public var fields: [FieldRule]
    /// Where the kind is declared.
    public var location: SourceLocation

    /// Creates a record kind.
    public init(key: String, description: String, source: String, purposes: [String], fields: [FieldRule],
                location: SourceLocation) {
        self.key = key
        self.description = description
        self.source = source
        self.purposes = purposes
        self.fields = fields
        self.location = location
    }

    /// The rule for `field`, or `nil` if the field is not declared.
    public func rule(for field: String) -> FieldRule? {
        fields.first { $0.field == field }
    }
}
