import ConfideML
import ConfidePolicy
import ConfideProtocol

/// Federated matrix factorization (recommendations), in the style of Federated
/// Collaborative Filtering: a round for the global mean rating, gradient rounds in which
/// every device solves its own user factors (which never leave it) and returns the dense
/// gradient of all item factors and biases, then one evaluation round on held-out ratings.
struct MFJob: TrainingJob {
    enum Phase: Sendable, Equatable {
        case mean
        case gradient(Int)
        case evaluation
        case done
    }

    let layout: FederatedMF
    let rounds: Int
    let seed: UInt64
    /// Each device uses at most this many ratings, bounding its update.
    let ratingCap = 1_000
    /// Public bound on an honest device's gradient norm (clipped beyond): measured gradients
    /// of MovieLens users are mostly below it.
    let gradientSensitivity = 10.0
    /// Evaluation uses at most 25 held-out ratings per device (most devices hold fewer):
    /// ‖(Σe², Σ|e|, n)‖ ≤ 25·√(16² + 4² + 1).
    let evaluationCap = 25

    private(set) var phase = Phase.mean
    private var model: FederatedMF.ItemModel?
    private var optimizer: ItemOptimizer
    private var metrics: RatingMetrics?
    private var lastGradientNorm: Double?

    var task: TrainingTask { .mf }
    var plannedRounds: Int { rounds + 2 }

    init(items: Int, factors: Int, rounds: Int, learningRate: Double = 0.05, seed: UInt64) throws {
        guard rounds >= 1 else { throw ConfigurationError("MF needs at least one gradient round") }
        layout = try FederatedMF(items: items, factors: factors)
        self.rounds = rounds
        self.seed = seed
        optimizer = try ItemOptimizer(.adam(learningRate: learningRate), dimension: layout.dimension)
    }

    private func work(_ kind: RoundWork.Kind, length: Int, cap: Int) -> RoundWork {
        RoundWork(kind: kind, vectorLength: length, items: layout.items, factors: layout.factors,
                  regularization: layout.regularization, ratingCap: cap)
    }

    mutating func nextRound() throws -> PlannedRound? {
        switch phase {
        case .mean:
            // Each device sends its own mean rating and a 1: ‖(mean, 1)‖ ≤ √(5² + 1).
            return PlannedRound(task: .mf, work: work(.ratingMean, length: 2, cap: ratingCap), parameters: [],
                                sensitivity: 26.0.squareRoot())
        case .gradient:
            guard let model else { return nil }
            return PlannedRound(task: .mf, work: work(.mfGradient, length: layout.dimension, cap: ratingCap),
                                parameters: [model.globalMean] + model.parameters, sensitivity: gradientSensitivity)
        case .evaluation:
            guard let model else { return nil }
            return PlannedRound(task: .eval, work: work(.mfEvaluation, length: FederatedMF.evaluationDimension, cap: evaluationCap),
                                parameters: [model.globalMean] + model.parameters,
                                sensitivity: Double(evaluationCap) * 273.0.squareRoot())
        case .done:
            return nil
        }
    }

    mutating func absorb(sum: [Double]) throws -> AbsorbedRound {
        switch phase {
        case .mean:
            // The mean of the devices' means. Noise can push the count near zero; fall back
            // to the middle of the scale.
            let globalMean = sum[1] >= 1 ? min(5, max(1, sum[0] / sum[1])) : 3
            model = layout.initialModel(globalMean: globalMean, seed: seed)
            phase = .gradient(0)
            return AbsorbedRound(metric: globalMean, metricName: "global_mean")
        case .gradient(let round):
            guard var model else { throw ConfigurationError("MF gradient round without a model") }
            try optimizer.apply(sum, to: &model.parameters)
            self.model = model
            lastGradientNorm = sum.reduce(0) { $0 + $1 * $1 }.squareRoot()
            phase = round + 1 < rounds ? .gradient(round + 1) : .evaluation
            return AbsorbedRound(metric: lastGradientNorm, metricName: "gradient_norm")
        case .evaluation:
            let count = max(sum[2], 1)
            metrics = try RatingMetrics(sumOfSquaredErrors: max(0, sum[0]), sumOfAbsoluteErrors: max(0, sum[1]), count: count)
            phase = .done
            return AbsorbedRound(metric: metrics?.rmse, metricName: "rmse")
        case .done:
            throw ConfigurationError("the MF job is finished")
        }
    }

    func results() -> [String: String] {
        var results = ["items": String(layout.items), "factors": String(layout.factors)]
        if let metrics {
            results["rmse"] = String(metrics.rmse)
            results["mae"] = String(metrics.mae)
            results["evaluated_ratings"] = String(metrics.count)
        }
        if let model { results["global_mean"] = String(model.globalMean) }
        return results
    }

    func publishedModel() -> (parameters: [Double], metadata: [String: String]) {
        guard let model else { return ([], [:]) }
        return ([model.globalMean] + model.parameters,
                ["items": String(layout.items), "factors": String(layout.factors), "regularization": String(layout.regularization),
                 "layout": "global mean, then per item: factors[F], bias"])
    }
}
