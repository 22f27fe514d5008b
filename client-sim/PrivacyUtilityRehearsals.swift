import ConfideAggregation
import ConfideClient
import ConfideCoordinator
import ConfideML
import ConfidePolicy
import ConfideProtocol

/// A privacy level of the curve: a job given ε on its own, or no noise at all.
enum PrivacyLevel: Hashable, Sendable {
    case epsilon(Double)
    case none

    var label: String {
        switch self {
        case .epsilon(let value): "ε \(value.formatted())"
        case .none: "no noise"
        }
    }
}

/// One seed's rehearsals of the coordinator's real jobs, each with a fresh budget (the job
/// gets its ε on its own), scored against centralized training on the same data.
struct PrivacyUtilityRehearsals {
    let policy: Policy
    let seed: UInt64

    /// The policy's limits, with a budget that holds the level's ε (the curve goes past the
    /// shipped policy's 8).
    private func rehearsal(_ level: PrivacyLevel) -> JobRehearsal {
        var limits = policy.training
        if case .epsilon(let value) = level { limits.epsilonBudget = max(limits.epsilonBudget, value) }
        return JobRehearsal(limits: limits, noise: level != .none, seed: seed)
    }

    private func epsilon(_ level: PrivacyLevel) -> Double? {
        if case .epsilon(let value) = level { value } else { nil }
    }

    private static func updates(_ data: [DeviceData]) -> [JobRehearsal.DeviceUpdate] {
        data.map { device in { work, parameters in try DeviceWorker.update(for: work, parameters: parameters, data: device) } }
    }

    /// The recommendation job trained by `method` at `level`, with the simulator's default
    /// rounds and factors for that method.
    func mf(_ data: [DeviceData], items: Int, method: MFMethod, level: PrivacyLevel) throws -> Baselines.MFComparison {
        let request = StartJobRequest(task: .mf, rounds: method == .als ? RunCommand.alsRounds : RunCommand.defaultMFRounds,
                                      items: items, method: method, epsilon: epsilon(level), seed: seed)
        var accountant = try PLDAccountant()
        let outcome = try rehearsal(level).run(request, devices: Self.updates(data), accountant: &accountant)
        guard outcome.state == .completed else { throw SimulationError("the MF rehearsal at \(level.label) failed: \(outcome.reason ?? "")") }
        return try Baselines.mf(data, model: outcome.parameters, metadata: outcome.metadata, items: items, factors: 5, seed: seed)
    }

    /// The segmentation job at `level`.
    func kmeans(_ data: [DeviceData], features: FeatureSet, clusters: Int, level: PrivacyLevel) throws -> Baselines.KMeansComparison {
        let request = StartJobRequest(task: .kmeans, features: features, rounds: RunCommand.defaultKMeansRounds(noise: level != .none), clusters: clusters,
                                      epsilon: epsilon(level), seed: seed)
        var accountant = try PLDAccountant()
        let outcome = try rehearsal(level).run(request, devices: Self.updates(data), accountant: &accountant)
        guard outcome.state == .completed else { throw SimulationError("the K-Means rehearsal at \(level.label) failed: \(outcome.reason ?? "")") }
        return try Baselines.kmeans(data, features: features, model: outcome.parameters, metadata: outcome.metadata,
                                    clusters: clusters, seed: seed)
    }

    /// RMSE of predicting every held-out rating by the training ratings' mean: the trivial model.
    static func globalMeanRMSE(_ data: [DeviceData]) -> Double {
        var sum = 0.0, count = 0.0
        for device in data { if let training = device.training { sum += training.values.reduce(0, +); count += Double(training.count) } }
        let mean = count > 0 ? sum / count : 3
        var squared = 0.0, held = 0.0
        for device in data {
            guard let test = device.test else { continue }
            for value in test.values { squared += (value - mean) * (value - mean) }
            held += Double(test.count)
        }
        return held > 0 ? (squared / held).squareRoot() : .nan
    }
}
