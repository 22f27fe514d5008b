import ConfidePolicy
import Foundation

/// A training job as the coordinator persists it, so that a restarted coordinator continues
/// it from its last completed round.
public struct JobRecord: Hashable, Sendable {
    /// A job runs until it completes or fails; both end states are final.
    public enum State: String, Hashable, Sendable, Codable, CaseIterable {
        /// Rounds are being planned and run (also while the coordinator is down).
        case running
        /// Every planned round completed, or the job converged.
        case completed
        /// Stopped: out of budget, too many aborted attempts, or it could not continue.
        case failed
    }

    /// The job's identifier.
    public let id: String
    /// The task whose model the job trains.
    public let task: TrainingTask
    /// Where it stands.
    public let state: State
    /// The coordinator's own encoding of what the job was asked and planned to do; the
    /// store keeps it opaque.
    public let specification: [UInt8]
    /// When it started.
    public let startedAt: Date
    /// When it completed or failed.
    public let finishedAt: Date?
    /// Why it failed, if it did.
    public let reason: String?
}

/// A round of a job, with the sum the coordinator released from it (completed rounds only).
public struct JobRound: Sendable {
    /// The round.
    public let round: RoundRecord
    /// The dequantized cohort sum the job absorbed: what the coordinator learned from the
    /// round, already protected by its noise.
    public let releasedSum: [Double]?
}
