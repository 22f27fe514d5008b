/// How long the controller has to answer data-subject requests (GDPR Art. 12(3): one month).
public struct RequestDeadlines: Hashable, Sendable, Codable {
    /// Days from receipt to answer an access or portability request.
    public var accessDays: Int
    /// Days from receipt to complete an erasure request.
    public var erasureDays: Int
    /// Where the deadlines are declared.
    public var location: SourceLocation

    /// Creates request deadlines.
    public init(accessDays: Int, erasureDays: Int, location: SourceLocation) {
        self.accessDays = accessDays
        self.erasureDays = erasureDays
        self.location = location
    }
}
