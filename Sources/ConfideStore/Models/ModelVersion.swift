import ConfidePolicy
import Foundation

/// A version of a task's model, signed by the coordinator.
public struct ModelVersion: Hashable, Sendable {
    /// The task the model serves.
    public let task: TrainingTask
    /// The version, counting from 0 for the initial model.
    public let version: Int64
    /// The round that produced it; `nil` for an initial model.
    public let roundID: String?
    /// When it was recorded.
    public let createdAt: Date
    /// The model's parameters, in the coordinator's encoding.
    public let parameters: [UInt8]
    /// The coordinator's signature over the parameters, in the coordinator's scheme.
    public let signature: [UInt8]
}
