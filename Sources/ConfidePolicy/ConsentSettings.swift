/// How consent is collected: the channels and methods that may be recorded and how long it lasts.
public struct ConsentSettings: Hashable, Sendable, Codable {
    /// Channels consent may be given or withdrawn through (for example `app`, `web`).
    public var channels: [String]
    /// Methods of giving consent (for example `checkbox`, `signed_form`).
    public var methods: [String]
    /// Days after which a grant expires and must be renewed; `nil` means it lasts until withdrawn.
    public var validityDays: Int?
    /// Where the settings are declared.
    public var location: SourceLocation

    /// Creates consent settings.
    public init(channels: [String], methods: [String], validityDays: Int?, location: SourceLocation) {
        self.channels = channels
        self.methods = methods
        self.validityDays = validityDays
        self.location = location
    }
}
