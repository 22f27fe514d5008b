/// The device side of federated MF: the gradient step and the evaluation step.
extension FederatedMF {
    /// Length of the evaluation vector: `[Σ squared error, Σ absolute error, count]`.
    public static let evaluationDimension = 3

    /// The device step: solves the user's factors and bias against `model` (they stay on the
    /// device), then returns the dense gradient for every item's factors and bias
    /// (`dimension` values, the `FederatedMF` layout).
    public func deviceGradient(model: ItemModel, ratings: LocalRatings) throws -> [Double] {
        var gradient = [Double](repeating: 0, count: dimension)
        var solver = FactorSolver(factors: factors)
        try accumulateGradient(model: model, ratings: ratings, into: &gradient, solver: &solver)
        return gradient
    }

    /// Adds the device's gradient into `sum` (simulations sum devices without one vector
    /// each; equal to adding `deviceGradient`'s result).
    public func accumulateGradient(model: ItemModel, ratings: LocalRatings, into sum: inout [Double]) throws {
        var solver = FactorSolver(factors: factors)
        try accumulateGradient(model: model, ratings: ratings, into: &sum, solver: &solver)
    }

    func accumulateGradient(model: ItemModel, ratings: LocalRatings, into sum: inout [Double], solver: inout FactorSolver) throws {
        try check(model)
        guard sum.count == dimension else {
            throw MLError.dimension("gradient vector has \(sum.count) entries, expected \(dimension)")
        }
        guard ratings.items.allSatisfy({ Int($0) < items }) else {
            throw MLError.invalid("the device rated an item outside the model's \(items) items")
        }
        let user = solveUser(model: model, ratings: ratings, solver: &solver)
        let f = factors, lambda = regularization, mu = model.globalMean
        model.parameters.withUnsafeBufferPointer { q in
            sum.withUnsafeMutableBufferPointer { g in
                user.factors.withUnsafeBufferPointer { p in
                    for (item, value) in zip(ratings.items, ratings.values) {
                        let base = Int(item) * (f + 1)
                        let qi = q.baseAddress! + base, gi = g.baseAddress! + base
                        let error = value - (mu + user.bias + qi[f] + VectorMath.dot(p.baseAddress!, qi, f))
                        for c in 0..<f { gi[c] += lambda * qi[c] - error * p[c] }
                        gi[f] += lambda * qi[f] - error
                    }
                }
            }
        }
    }

    /// The device's evaluation step: solves the user against `model` on `training` (the
    /// device's own training ratings) and returns `[Σ (r − r̂)², Σ |r − r̂|, count]` over
    /// `test`, predictions clipped to `ratingRange`. Summed over devices these give the
    /// global RMSE and MAE (`RatingMetrics(sumOfSquaredErrors:…)`).
    public func deviceEvaluation(model: ItemModel, training: LocalRatings, test: LocalRatings) throws -> [Double] {
        var solver = FactorSolver(factors: factors)
        return try deviceEvaluation(model: model, training: training, test: test, solver: &solver)
    }

    /// The held-out metrics of `model` over simulated devices: each device's evaluation
    /// step on its own split, summed; `nil` without held-out ratings.
    func heldOutMetrics(model: ItemModel, training: [LocalRatings], test: [LocalRatings],
                        solver: inout FactorSolver) throws -> RatingMetrics? {
        guard !test.isEmpty else { return nil }
        var sums = [0.0, 0.0, 0.0]
        for (trainingPart, testPart) in zip(training, test) where testPart.count > 0 {
            add(try deviceEvaluation(model: model, training: trainingPart, test: testPart, solver: &solver), to: &sums)
        }
        return try RatingMetrics(sumOfSquaredErrors: sums[0], sumOfAbsoluteErrors: sums[1], count: sums[2])
    }

    func deviceEvaluation(model: ItemModel, training: LocalRatings, test: LocalRatings, solver: inout FactorSolver) throws -> [Double] {
        try check(model)
        guard (training.items + test.items).allSatisfy({ Int($0) < items }) else {
            throw MLError.invalid("the device rated an item outside the model's \(items) items")
        }
        let user = solveUser(model: model, ratings: training, solver: &solver)
        let f = factors
        var squared = 0.0, absolute = 0.0
        model.parameters.withUnsafeBufferPointer { q in
            user.factors.withUnsafeBufferPointer { p in
                for (item, value) in zip(test.items, test.values) {
                    let qi = q.baseAddress! + Int(item) * (f + 1)
                    let score = model.globalMean + user.bias + qi[f] + VectorMath.dot(p.baseAddress!, qi, f)
                    let error = value - min(max(score, ratingRange.lowerBound), ratingRange.upperBound)
                    squared += error * error
                    absolute += abs(error)
                }
            }
        }
        return [squared, absolute, Double(test.count)]
    }
}
