import Foundation

/// `POST /admin/v1/schedules`: run a training job later, and again at a fixed interval, so
/// retraining needs nobody at the keyboard. One flat object: the job's fields (as for
/// `POST /admin/v1/jobs`) plus when to start and how often to repeat.
public struct ScheduleRequest: Sendable, Equatable {
    /// The job each run starts.
    public var job: StartJobRequest
    /// When the first run is due (RFC 3339); default: now.
    public var startAt: Date?
    /// Seconds between runs; without it the schedule runs once.
    public var repeatEverySeconds: Double?

    /// A schedule request.
    public init(job: StartJobRequest, startAt: Date? = nil, repeatEverySeconds: Double? = nil) {
        self.job = job
        self.startAt = startAt
        self.repeatEverySeconds = repeatEverySeconds
    }

    /// The interval between runs: 1 second to 366 days.
    public static let repeatRange = 1.0...31_622_400.0
    /// How far ahead (or behind) the first run may be: 10 years.
    public static let startHorizon: TimeInterval = 315_576_000

    private enum Extra: String, CodingKey { case startAt, repeatEverySeconds }
}

extension ScheduleRequest: Codable {
    public init(from decoder: any Decoder) throws {
        job = try StartJobRequest(from: decoder)
        let container = try decoder.container(keyedBy: Extra.self)
        startAt = try container.decodeIfPresent(Date.self, forKey: .startAt)
        repeatEverySeconds = try container.decodeIfPresent(Double.self, forKey: .repeatEverySeconds)
    }

    public func encode(to encoder: any Encoder) throws {
        try job.encode(to: encoder)
        var container = encoder.container(keyedBy: Extra.self)
        try container.encodeIfPresent(startAt, forKey: .startAt)
        try container.encodeIfPresent(repeatEverySeconds, forKey: .repeatEverySeconds)
    }
}

extension ScheduleRequest: RequestBody {
    public static let fields: Set<String> = StartJobRequest.fields.union(["startAt", "repeatEverySeconds"])

    public func validate() throws(ProtocolError) {
        try job.validate()
        if let repeatEverySeconds, !Self.repeatRange.contains(repeatEverySeconds) {
            throw ProtocolError(.unprocessable, "repeatEverySeconds must be 1 to 31,622,400 (366 days), got \(repeatEverySeconds)")
        }
        if let startAt, !(abs(startAt.timeIntervalSinceNow) <= Self.startHorizon) {
            throw ProtocolError(.unprocessable, "startAt must be within 10 years of now")
        }
    }
}

/// A schedule and what became of its runs (`GET /admin/v1/schedules`).
public struct ScheduleStatus: Codable, Sendable, Equatable {
    /// `active` (runs are due), `done` (a one-off that ran) or `cancelled`.
    public enum State: String, Codable, Sendable, CaseIterable { case active, done, cancelled }

    /// The schedule's identifier.
    public var id: String
    /// The job each run starts.
    public var job: StartJobRequest
    public var state: State
    /// When the next run is due, while active.
    public var nextAt: Date?
    /// Seconds between runs, if it repeats.
    public var repeatEverySeconds: Double?
    /// Runs started so far.
    public var runs: Int
    /// The job the last run started.
    public var lastJobID: String?
    /// Why the last due run could not start (the budget spent, too few consenting devices…).
    public var lastError: String?

    /// A schedule's status.
    public init(id: String, job: StartJobRequest, state: State, nextAt: Date?, repeatEverySeconds: Double?, runs: Int,
                lastJobID: String?, lastError: String?) {
        self.id = id
        self.job = job
        self.state = state
        self.nextAt = nextAt
        self.repeatEverySeconds = repeatEverySeconds
        self.runs = runs
        self.lastJobID = lastJobID
        self.lastError = lastError
    }
}
