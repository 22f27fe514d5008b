/// Accuracy of rating predictions: root mean squared error and mean absolute error.
public struct RatingMetrics: Sendable, Equatable {
    /// Root mean squared error.
    public var rmse: Double
    /// Mean absolute error.
    public var mae: Double
    /// Number of ratings evaluated.
    public var count: Int

    /// Evaluates `model` on `test` (which must share the model's user and item indices).
    public init(model: BiasedMF, test: RatingTable) throws {
        guard test.users.count == model.users, test.items.count == model.items else {
            throw MLError.dimension("test set has \(test.users.count) users and \(test.items.count) items, the model \(model.users) and \(model.items)")
        }
        var squared = 0.0, absolute = 0.0
        for index in 0..<test.count {
            let error = test.values[index] - model.predict(user: Int(test.userIndices[index]), item: Int(test.itemIndices[index]))
            squared += error * error
            absolute += abs(error)
        }
        try self.init(sumOfSquaredErrors: squared, sumOfAbsoluteErrors: absolute, count: Double(test.count))
    }

    /// Metrics from sums (what federated evaluation aggregates).
    public init(sumOfSquaredErrors: Double, sumOfAbsoluteErrors: Double, count: Double) throws {
        guard count > 0 else { throw MLError.invalid("no ratings to evaluate") }
        rmse = (max(0, sumOfSquaredErrors) / count).squareRoot()
        mae = max(0, sumOfAbsoluteErrors) / count
        self.count = Int(count.rounded())
    }
}
