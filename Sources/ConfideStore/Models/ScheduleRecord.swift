import Foundation

/// A stored schedule of training runs: a job the coordinator starts when it is due, once or
/// at a fixed interval.
public struct ScheduleRecord: Hashable, Sendable {
    /// `active` while runs are due; `done` once a one-off ran; `cancelled` by an admin.
    public enum State: String, Hashable, Sendable, CaseIterable {
        case active, done, cancelled
    }

    /// The schedule's identifier.
    public let id: String
    /// The coordinator's encoding of the job each run starts; the store keeps it opaque.
    public let specification: [UInt8]
    public let state: State
    /// When the next run is due, while active.
    public let nextAt: Date?
    /// Milliseconds between runs, if it repeats.
    public let everyMilliseconds: Int64?
    /// Runs started so far.
    public let runs: Int
    /// The job the last run started.
    public let lastJobID: String?
    /// Why the last due run could not start.
    public let lastError: String?
    /// When it was created.
    public let createdAt: Date
}
