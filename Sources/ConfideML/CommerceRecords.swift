/// A synthetic shopper's profile as a device would hold it: direct identifiers, demographics
/// and a ground-truth segment (for measuring clustering, never a feature).
public struct CommerceProfile: Sendable, Hashable {
    /// Stable user identifier.
    public var userID: String
    /// Ground-truth segment index into `SyntheticCommerce.segments`.
    public var segment: Int
    /// Full name (a direct identifier).
    public var name: String?
    /// E-mail address (a direct identifier).
    public var email: String?
    /// Phone number (a direct identifier).
    public var phone: String?
    /// IPv4 address (a direct identifier).
    public var ipAddress: String?
    /// Age in years, as entered (may be implausible).
    public var age: Double?
    /// "female", "male" or "other".
    public var gender: String?
    /// Country as entered, in any spelling or language.
    public var country: String?
}

/// One raw event from a device's log, before cleaning: fields may be missing, implausible,
/// duplicated, or in mixed time zones.
public struct CommerceEvent: Sendable, Hashable {
    /// What happened.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A browsing session (duration and pages).
        case session
        /// A product view (category).
        case view
        /// A purchase (category and amount).
        case purchase
    }

    /// Event identifier from the source system (a re-sent event repeats it).
    public var eventID: String
    /// The event kind.
    public var kind: Kind
    /// When, as written by the source (see `TimestampParser` for the forms).
    public var timestamp: String?
    /// Session length in seconds (sessions).
    public var sessionSeconds: Double?
    /// Pages seen (sessions).
    public var pages: Double?
    /// Product category (views and purchases).
    public var category: String?
    /// Amount paid in euros (purchases).
    public var amount: Double?
}

/// A synthetic user: profile and raw events.
public struct CommerceUser: Sendable, Hashable {
    /// The profile.
    public var profile: CommerceProfile
    /// The raw event log, in the order it was recorded.
    public var events: [CommerceEvent]
}
