/// A cleaned event: UTC time, validated values, no duplicates.
public struct CleanEvent: Sendable, Hashable {
    /// What happened.
    public var kind: CommerceEvent.Kind
    /// Seconds since 1970 UTC.
    public var time: Int64
    /// Session length in seconds (sessions; imputed when it was missing or implausible).
    public var sessionSeconds: Double?
    /// Pages seen (sessions; imputed when missing).
    public var pages: Double?
    /// Product category (views and purchases).
    public var category: String?
    /// Amount in euros (purchases, always positive).
    public var amount: Double?
}

/// A cleaned user: no direct identifiers, validated demographics, cleaned events.
public struct CleanCommerceUser: Sendable, Hashable {
    /// The user identifier (pseudonymous in a real deployment; the store handles that).
    public var userID: String
    /// Age, validated and imputed when a fill value was supplied.
    public var age: Double?
    /// ISO 3166-1 alpha-2 country code, when recognized.
    public var country: String?
    /// Cleaned events in time order.
    public var events: [CleanEvent]
}

/// The cleaning a device runs on its own raw data before computing features: timestamps to
/// UTC, validation with reasons, deduplication, missing values, country codes.
public struct CommerceCleaner: Sendable {
    /// Settings, with defaults suited to the synthetic data.
    public struct Configuration: Sendable {
        /// Plausible ages. Default 13...110.
        public var ageRange: ClosedRange<Double> = 13...110
        /// Plausible session lengths in seconds. Default 1 s ... 4 h.
        public var sessionRange: ClosedRange<Double> = 1...14_400
        /// Events later than this (seconds since 1970 UTC) are in the future. Default: none.
        public var now: Int64 = .max
        /// Drop an event when more than this fraction of its required fields is missing. Default 0.
        public var maximumMissingFraction: Double = 0
        /// Fill for missing or implausible ages, e.g. a global median from the coordinator.
        public var ageFill: Double?
        /// How missing session lengths and pages are filled from the user's other sessions. Default median.
        public var sessionImputation: MissingValues.Imputation = .median

        /// The defaults, with any of them overridden.
        public init(ageRange: ClosedRange<Double> = 13...110, sessionRange: ClosedRange<Double> = 1...14_400, now: Int64 = .max,
                    maximumMissingFraction: Double = 0, ageFill: Double? = nil, sessionImputation: MissingValues.Imputation = .median) {
            self.ageRange = ageRange
            self.sessionRange = sessionRange
            self.now = now
            self.maximumMissingFraction = maximumMissingFraction
            self.ageFill = ageFill
            self.sessionImputation = sessionImputation
        }
    }

    /// The settings.
    public let configuration: Configuration

    /// A cleaner with the given settings.
    public init(_ configuration: Configuration = Configuration()) { self.configuration = configuration }

    /// Cleans one user's data; `report` counts what every rule did.
    public func clean(_ user: CommerceUser, report: inout CleaningReport) -> CleanCommerceUser {
        var parser = TimestampParser()
        var timed: [CleanEvent] = []
        var unparseable = 0, missingTime = 0
        for event in user.events {
            guard let text = event.timestamp else { missingTime += 1; continue }
            guard let time = try? parser.parse(text) else { unparseable += 1; continue }
            timed.append(CleanEvent(kind: event.kind, time: time, sessionSeconds: event.sessionSeconds,
                                    pages: event.pages, category: event.category, amount: event.amount))
        }
        report.record(stage: "timestamps", rule: "timestamp_missing", action: "dropped", reason: "event has no timestamp", count: missingTime)
        report.record(stage: "timestamps", rule: "timestamp_unparseable", action: "dropped",
                      reason: "timestamp is not ISO 8601, a zoned local time or Unix seconds", count: unparseable)

        for rule in eventRules { timed = rule.apply(to: timed, report: &report) }
        // After UTC conversion, so a copy written in another time zone is still a duplicate.
        timed = Deduplicator.apply(timed, rule: "duplicate_event", key: { $0 }, report: &report)
        timed = MissingValues.dropIncomplete(
            timed, fields: ["category", "amount"], maximumFraction: configuration.maximumMissingFraction,
            isMissing: { event, field in
                switch field {
                case "category": event.kind != .session && event.category == nil
                default: event.kind == .purchase && event.amount == nil
                }
            }, report: &report)
        imputeSessions(&timed, report: &report)
        timed.sort { $0.time != $1.time ? $0.time < $1.time : $0.kind.rawValue < $1.kind.rawValue }

        var profile = [user.profile]
        profile = ValidationRule<CommerceProfile>.range("age_range", \.age, configuration.ageRange, action: .clear,
                                                        reason: "age outside \(configuration.ageRange)").apply(to: profile, report: &report)
        var age = profile[0].age
        if age == nil, let fill = configuration.ageFill {
            age = fill
            report.record(stage: "missing", rule: "age", action: "imputed", reason: "age missing, filled with the supplied value")
        }
        let country = user.profile.country.flatMap { CountryNormalizer.shared.code(for: $0) }
        if user.profile.country != nil, country == nil {
            report.record(stage: "normalization", rule: "country_unrecognized", action: "cleared",
                          reason: "country name not found in Foundation's region names")
        }
        if let country, let written = user.profile.country, written != country {
            report.record(stage: "normalization", rule: "country_code", action: "normalized",
                          reason: "country name mapped to ISO 3166-1 alpha-2")
        }
        return CleanCommerceUser(userID: user.profile.userID, age: age, country: country, events: timed)
    }

    private var eventRules: [ValidationRule<CleanEvent>] {
        [
            ValidationRule(name: "future_timestamp", reason: "timestamp after now", action: .drop,
                           violates: { [now = configuration.now] in $0.time > now }),
            .range("session_duration", \.sessionSeconds, configuration.sessionRange, action: .clear,
                   reason: "session length outside \(configuration.sessionRange) seconds"),
            ValidationRule(name: "amount_positive", reason: "purchase amount not positive", action: .drop,
                           violates: { $0.kind == .purchase && ($0.amount.map { !($0 > 0) } ?? false) }),
        ]
    }

    private func imputeSessions(_ events: inout [CleanEvent], report: inout CleaningReport) {
        let sessions = events.indices.filter { events[$0].kind == .session }
        let seconds = MissingValues.impute(sessions.map { events[$0].sessionSeconds }, configuration.sessionImputation,
                                           field: "session_duration", report: &report)
        let pages = MissingValues.impute(sessions.map { events[$0].pages }, configuration.sessionImputation,
                                         field: "session_pages", report: &report)
        for (position, index) in sessions.enumerated() {
            events[index].sessionSeconds = seconds[position]
            events[index].pages = pages[position]
        }
    }
}
