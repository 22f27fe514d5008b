import ConfidePolicy
import Foundation

/// That a device, for its subject, contributed to a round: the evidence that processing
/// happened for a purpose, at a time, at a privacy cost.
public struct ParticipationRecord: Hashable, Sendable, Codable {
    /// The round.
    public let roundID: String
    /// The device.
    public let deviceID: String
    /// The device's subject.
    public let subject: Pseudonym
    /// The purpose the round served.
    public let purpose: String
    /// The round's task.
    public let task: TrainingTask
    /// The model version the round produced.
    public let modelVersion: Int64
    /// The ε the round spent.
    public let epsilon: Double
    /// When the contribution was applied.
    public let recordedAt: Date

    enum CodingKeys: String, CodingKey {
        case subject, purpose, task, epsilon
        case roundID = "round_id"
        case deviceID = "device_id"
        case modelVersion = "model_version"
        case recordedAt = "recorded_at"
    }
}

/// A participant of a round being completed.
public struct Participant: Hashable, Sendable {
    /// The device.
    public let deviceID: String
    /// Its subject.
    public let subject: Pseudonym

    /// Creates a participant.
    public init(deviceID: String, subject: Pseudonym) {
        self.deviceID = deviceID
        self.subject = subject
    }
}
