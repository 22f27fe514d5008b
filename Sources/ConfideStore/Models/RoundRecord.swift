import ConfidePolicy
import Foundation

/// A federated training round as the coordinator persists it.
public struct RoundRecord: Hashable, Sendable, Codable {
    /// The lifecycle of a round: `open` until its aggregate is applied (`completed`) or it
    /// is given up (`aborted`). Both end states are final.
    public enum State: String, Hashable, Sendable, Codable {
        /// Running.
        case open
        /// Its aggregate was applied and a model version recorded.
        case completed
        /// Given up; nothing was applied.
        case aborted
    }

    /// The round's identifier.
    public let id: String
    /// The training task.
    public let task: TrainingTask
    /// The policy purpose the task belongs to.
    public let purpose: String
    /// Where it stands.
    public let state: State
    /// The coordinator's own stage name while open (for resuming), if it records one.
    public let stage: String?
    /// How many devices took part (the cohort that survived to unmasking, once completed).
    public let cohortSize: Int
    /// The model version the round started from.
    public let baseVersion: Int64?
    /// The model version the round produced, once completed.
    public let modelVersion: Int64?
    /// The ε this round spent, once charged (or completed).
    public let epsilon: Double?
    /// When it started.
    public let startedAt: Date
    /// When it completed or was aborted.
    public let finishedAt: Date?
    /// Why it was aborted.
    public let reason: String?
    /// The noise multiplier σ the round ran with, once charged (0: no noise).
    public var noiseMultiplier: Double? = nil
    /// The Poisson sampling rate q of the round's cohort, once charged.
    public var samplingRate: Double? = nil
    /// When the round's ε was charged: just before its sum was unmasked. A charged round
    /// counts against the budget whatever became of it afterwards.
    public var chargedAt: Date? = nil
    /// The job the round belongs to, if it was run for one.
    public var jobID: String? = nil
    /// How many devices the round's cohort sampled when it began (rounds recorded since
    /// jobs became durable).
    public var sampledSize: Int? = nil

    /// Whether the round's ε counts against the budget: it was charged, or (rounds recorded
    /// before charges were stored separately) it completed.
    public var spentEpsilon: Bool { chargedAt != nil || state == .completed }

    enum CodingKeys: String, CodingKey {
        case id, task, purpose, state, stage, epsilon, reason
        case noiseMultiplier = "noise_multiplier"
        case samplingRate = "sampling_rate"
        case chargedAt = "charged_at"
        case jobID = "job_id"
        case sampledSize = "sampled_size"
        case cohortSize = "cohort_size"
        case baseVersion = "base_version"
        case modelVersion = "model_version"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
    }
}
