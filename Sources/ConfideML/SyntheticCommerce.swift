import Foundation

/// A seeded, reproducible synthetic e-commerce population with ground-truth segments and
/// injected dirt, for testing cleaning, features and K-Means at any scale.
///
/// Each user is generated from its own random stream (seed, user index), so a simulated
/// device can generate just its own user, in any order, and 10,000 users take well under a
/// second in a release build. Dirt, at the configured rates: duplicate events (half re-sent
/// as is, half with the same instant written in another time zone), missing fields,
/// implausible values (age 150, 20-hour sessions, negative amounts).
public struct SyntheticCommerce: Sendable {
    /// Product categories, in feature order.
    public static let categories = ["electronics", "fashion", "home", "books", "sports", "beauty", "toys", "grocery"]

    /// A segment's behaviour.
    public struct Segment: Sendable {
        /// Name for reports.
        public var name: String
        /// Mean sessions over the observation window.
        public var sessions: Double
        /// Mean session length in minutes.
        public var sessionMinutes: Double
        /// Chance that a session ends in a purchase.
        public var purchaseChance: Double
        /// Median purchase amount in euros.
        public var amount: Double
        /// Preferred categories (indices into `categories`), chosen 70% of the time.
        public var favourites: [Int]
        /// Days before the end of the window when the user stopped coming (0: still active).
        public var lapsedDays: Double
    }

    /// The ground-truth segments.
    public static let segments = [
        Segment(name: "bargain hunters", sessions: 40, sessionMinutes: 6, purchaseChance: 0.5, amount: 15, favourites: [7, 2], lapsedDays: 0),
        Segment(name: "big spenders", sessions: 8, sessionMinutes: 10, purchaseChance: 0.6, amount: 400, favourites: [0, 1], lapsedDays: 0),
        Segment(name: "browsers", sessions: 30, sessionMinutes: 35, purchaseChance: 0.03, amount: 40, favourites: [3, 0], lapsedDays: 0),
        Segment(name: "lapsed", sessions: 6, sessionMinutes: 8, purchaseChance: 0.3, amount: 60, favourites: [6, 4], lapsedDays: 120),
        Segment(name: "loyal regulars", sessions: 15, sessionMinutes: 12, purchaseChance: 0.35, amount: 70, favourites: [4, 5], lapsedDays: 0),
    ]

    /// Generation settings.
    public struct Configuration: Sendable {
        /// Number of users. Default 1,000.
        public var users: Int = 1_000
        /// Seed of the whole population.
        public var seed: UInt64 = 0
        /// Fraction of events sent twice. Default 0.02.
        public var duplicateRate: Double = 0.02
        /// Chance that any optional field is missing. Default 0.05.
        public var missingRate: Double = 0.05
        /// Chance that an age, session length or amount is implausible. Default 0.01.
        public var implausibleRate: Double = 0.01
        /// End of the observation window, seconds since 1970 UTC. Default 2024-07-01T00:00:00Z.
        public var windowEnd: Int64 = 1_719_792_000
        /// Length of the window in days. Default 180.
        public var windowDays: Double = 180

        /// The defaults, with any of them overridden.
        public init(users: Int = 1_000, seed: UInt64 = 0, duplicateRate: Double = 0.02, missingRate: Double = 0.05,
                    implausibleRate: Double = 0.01, windowEnd: Int64 = 1_719_792_000, windowDays: Double = 180) {
            self.users = users
            self.seed = seed
            self.duplicateRate = duplicateRate
            self.missingRate = missingRate
            self.implausibleRate = implausibleRate
            self.windowEnd = windowEnd
            self.windowDays = windowDays
        }
    }

    /// The settings.
    public let configuration: Configuration
    let countries: [String]
    /// Name of each country in each of `languages` (Foundation's region names).
    let countryNames: [[String]]
    /// The time zones events are written in.
    let zones: [TimeZone]

    /// A population with the given settings.
    public init(_ configuration: Configuration = Configuration()) throws {
        guard configuration.users >= 0, configuration.windowDays > 0,
              [configuration.duplicateRate, configuration.missingRate, configuration.implausibleRate].allSatisfy({ (0...1).contains($0) }) else {
            throw MLError.invalid("users must not be negative, the window must be positive and rates must lie in 0...1")
        }
        self.configuration = configuration
        // A fixed set of markets whose names Foundation knows in every language we write.
        let countries = ["DE", "FR", "ES", "IT", "NL", "GB", "US", "AT", "CH", "BE", "PT", "SE", "PL", "IE", "CZ"]
        self.countries = countries
        self.zones = Self.zoneNames.compactMap { TimeZone(identifier: $0) }
        self.countryNames = countries.map { code in
            Self.languages.map { CountryNormalizer.name(of: code, language: $0) ?? code }
        }
    }

    /// All users, index order.
    public func users() -> [CommerceUser] { (0..<configuration.users).map { user($0) } }

    /// User number `index` (deterministic for a given seed and index).
    public func user(_ index: Int) -> CommerceUser {
        var random = SeededGenerator(seed: configuration.seed, stream: UInt64(index))
        let segmentIndex = random.nextIndex(Self.segments.count)
        let profile = makeProfile(index, segmentIndex, &random)
        var events = makeEvents(index, Self.segments[segmentIndex], &random)
        addDuplicates(&events, &random)
        return CommerceUser(profile: profile, events: events)
    }
}
