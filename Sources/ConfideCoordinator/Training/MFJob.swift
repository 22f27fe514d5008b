import ConfideML
import ConfidePolicy
import ConfideProtocol

/// Federated matrix factorization (recommendations): training rounds by one of two methods,
/// then one evaluation round on held-out ratings.
///
/// - ``MFMethod/als`` (private ALS, `MFJob+ALS.swift`): every device solves its own factors
///   and sends its share of each rated item's normal equations; the coordinator solves each
///   item's noised ridge regression. A few rounds suffice.
/// - ``MFMethod/gradient`` (Federated Collaborative Filtering): after a round for the global
///   mean rating, every device solves its own
///   factors (which never leave it) and returns the dense gradient of all item factors and
///   biases; the coordinator applies Adam.
struct MFJob: TrainingJob {
    enum Phase: Sendable, Equatable {
        case mean
        case gradient(Int)
        case als(Int)
        case evaluation
        case done
    }

    let method: MFMethod
    let layout: FederatedMF
    /// The private-ALS settings (``MFMethod/als`` only).
    let als: PrivateALS?
    let rounds: Int
    let seed: UInt64
    /// Each device uses at most this many ratings, bounding its update (gradient method and mean).
    let ratingCap = 1_000
    /// Public bound on an honest device's gradient norm (clipped beyond): measured gradients
    /// of MovieLens users are mostly below it.
    let gradientSensitivity = 10.0
    /// Evaluation uses at most 25 held-out ratings per device (most devices hold fewer):
    /// ‖(Σe², Σ|e|, n)‖ ≤ 25·√(16² + 4² + 1).
    let evaluationCap = 25
    /// σ · the policy's clip norm: every round's sum carries noise of this times the round's
    /// sensitivity per coordinate (0 without noise). Private ALS sizes its ridge from it.
    var noiseScale = 0.0

    private(set) var phase = Phase.mean
    var model: FederatedMF.ItemModel?
    /// Private ALS: the running mean of the rounds' sums and how many it holds.
    var alsAverage: (sum: [Double], rounds: Int)?
    private var optimizer: ItemOptimizer
    private var metrics: RatingMetrics?
    private var lastGradientNorm: Double?

    var task: TrainingTask { .mf }
    /// Gradient: mean, training and evaluation rounds; ALS has no mean round.
    var plannedRounds: Int { rounds + (method == .als ? 1 : 2) }

    /// A job of `rounds` training rounds. `factors` defaults to the method's (5 for gradient,
    /// `PrivateALS`'s for ALS).
    init(items: Int, factors: Int? = nil, rounds: Int, method: MFMethod = .gradient, learningRate: Double = 0.05, seed: UInt64) throws {
        guard rounds >= 1 else { throw ConfigurationError("MF needs at least one training round") }
        self.method = method
        do {
            switch method {
            case .gradient:
                layout = try FederatedMF(items: items, factors: factors ?? 5)
                als = nil
            case .als:
                let defaults = try PrivateALS(items: items)
                let settings = try PrivateALS(items: items, factors: factors ?? defaults.factors)
                layout = try settings.layout
                als = settings
            }
        } catch let error as MLError {
            throw ConfigurationError(error.description)
        }
        self.rounds = rounds
        self.seed = seed
        optimizer = try ItemOptimizer(.adam(learningRate: learningRate), dimension: method == .gradient ? layout.dimension : 1)
        if method == .als {
            // No mean round: devices start from the middle of the rating scale and the item
            // biases absorb the offset, which saves a noised round (σ falls about 11%).
            model = layout.initialModel(globalMean: (layout.ratingRange.lowerBound + layout.ratingRange.upperBound) / 2, seed: seed)
            phase = .als(0)
        }
    }

    func work(_ kind: RoundWork.Kind, length: Int, cap: Int) -> RoundWork {
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
        case .als:
            return alsRound()
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
            phase = method == .als ? .als(0) : .gradient(0)
            return AbsorbedRound(metric: globalMean, metricName: "global_mean")
        case .gradient(let round):
            guard var model else { throw ConfigurationError("MF gradient round without a model") }
            try optimizer.apply(sum, to: &model.parameters)
            self.model = model
            lastGradientNorm = sum.reduce(0) { $0 + $1 * $1 }.squareRoot()
            phase = round + 1 < rounds ? .gradient(round + 1) : .evaluation
            return AbsorbedRound(metric: lastGradientNorm, metricName: "gradient_norm")
        case .als(let round):
            let absorbed = try absorbALS(sum: sum)
            phase = round + 1 < rounds ? .als(round + 1) : .evaluation
            return absorbed
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
        var results = ["items": String(layout.items), "factors": String(layout.factors), "method": method.rawValue]
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
                 "method": method.rawValue, "layout": "global mean, then per item: factors[F], bias"])
    }
}
