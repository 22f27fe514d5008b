/// One rating: a user's score for an item at a time, with identifiers as they appear in the data.
public struct Rating: Sendable, Hashable {
    /// The user's identifier in the source data.
    public var user: Int
    /// The item's identifier in the source data.
    public var item: Int
    /// The score (MovieLens: 1 to 5 stars).
    public var value: Double
    /// Seconds since 1970-01-01 UTC.
    public var timestamp: Int64

    /// Creates a rating.
    public init(user: Int, item: Int, value: Double, timestamp: Int64) {
        self.user = user
        self.item = item
        self.value = value
        self.timestamp = timestamp
    }
}
