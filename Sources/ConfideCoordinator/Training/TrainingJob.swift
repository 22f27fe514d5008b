import ConfidePolicy
import ConfideProtocol

/// One round a job wants: what devices compute, the parameters they compute against, and
/// the public bound on an honest device's update norm.
struct PlannedRound: Sendable {
    /// The task the round is recorded under (`stats`, `kmeans`, `mf` or `eval`); its
    /// purpose follows from the policy.
    var task: TrainingTask
    /// What devices compute.
    var work: RoundWork
    /// The parameters they compute against (layout per work kind, see docs/protocol.md).
    var parameters: [Double]
    /// A public bound on the L2 norm of an honest device's update for this work, in the
    /// update's own units. The policy's clip norm multiplies it, so every work kind has
    /// the same relative clipping and the policy's σ means the same thing for all.
    var sensitivity: Double
    /// The largest magnitude of a single coordinate, as a multiple of `sensitivity`
    /// (1 for most work: a coordinate cannot exceed the vector's norm).
    var coordinateBound: Double = 1
}

/// What absorbing a round's aggregate taught the job.
struct AbsorbedRound: Sendable {
    /// The job's figure of merit after the round, if the round measured one.
    var metric: Double?
    /// Its name (`inertia`, `rmse`, `gradient_norm`…).
    var metricName: String?
}

/// A federated training job on the coordinator: decides what each round computes and folds
/// each round's dequantized cohort sum into its model. Pure: no I/O, no clocks.
protocol TrainingJob: Sendable {
    /// The task whose model the job publishes (`kmeans` or `mf`).
    var task: TrainingTask { get }
    /// How many rounds the job runs at most; the privacy budget is planned for this many.
    var plannedRounds: Int { get }
    /// The next round, or `nil` when the job is finished.
    mutating func nextRound() throws -> PlannedRound?
    /// Folds the cohort sum of the round last returned by ``nextRound()`` into the model.
    mutating func absorb(sum: [Double]) throws -> AbsorbedRound
    /// Summary figures for admins (segment sizes, RMSE…), as text.
    func results() -> [String: String]
    /// The model to publish after each completed round.
    func publishedModel() -> (parameters: [Double], metadata: [String: String])
}
