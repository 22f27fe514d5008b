import Foundation

/// The coordinator's update rule for the aggregated item gradient: plain gradient descent or
/// Adam (Kingma and Ba 2015). It sees only the summed gradient, never a device's.
public struct ItemOptimizer: Sendable {
    /// The update rule.
    public enum Method: Sendable, Equatable {
        /// θ ← θ − rate · g.
        case sgd(learningRate: Double)
        /// Adam with the usual β₁ = 0.9, β₂ = 0.999, ε = 1e-8 unless given.
        case adam(learningRate: Double, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8)
    }

    /// The update rule in use.
    public let method: Method
    private var firstMoment: [Double]
    private var secondMoment: [Double]
    /// Updates applied so far.
    public private(set) var steps = 0

    /// An optimizer for parameter vectors of length `dimension`.
    public init(_ method: Method, dimension: Int) throws {
        switch method {
        case let .sgd(rate):
            guard rate > 0 else { throw MLError.invalid("the learning rate must be positive, got \(rate)") }
        case let .adam(rate, beta1, beta2, epsilon):
            guard rate > 0, (0..<1).contains(beta1), (0..<1).contains(beta2), epsilon > 0 else {
                throw MLError.invalid("Adam needs a positive learning rate and ε, and β₁, β₂ in [0, 1)")
            }
        }
        self.method = method
        let momentCount = if case .adam = method { dimension } else { 0 }
        firstMoment = [Double](repeating: 0, count: momentCount)
        secondMoment = [Double](repeating: 0, count: momentCount)
    }

    /// Applies one aggregated gradient (same length as `parameters`).
    public mutating func apply(_ gradient: [Double], to parameters: inout [Double]) throws {
        guard gradient.count == parameters.count else {
            throw MLError.dimension("gradient has \(gradient.count) entries, parameters \(parameters.count)")
        }
        guard gradient.allSatisfy(\.isFinite) else { throw MLError(.numerical, "the aggregated gradient is not finite") }
        steps += 1
        switch method {
        case let .sgd(rate):
            for index in parameters.indices { parameters[index] -= rate * gradient[index] }
        case let .adam(rate, beta1, beta2, epsilon):
            guard firstMoment.count == parameters.count else {
                throw MLError.dimension("optimizer was made for \(firstMoment.count) parameters, got \(parameters.count)")
            }
            let correction1 = 1 - pow(beta1, Double(steps)), correction2 = 1 - pow(beta2, Double(steps))
            for index in parameters.indices {
                let g = gradient[index]
                firstMoment[index] = beta1 * firstMoment[index] + (1 - beta1) * g
                secondMoment[index] = beta2 * secondMoment[index] + (1 - beta2) * g * g
                let mHat = firstMoment[index] / correction1, vHat = secondMoment[index] / correction2
                parameters[index] -= rate * mHat / (vHat.squareRoot() + epsilon)
            }
        }
    }
}
