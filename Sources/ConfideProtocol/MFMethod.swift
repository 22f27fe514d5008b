/// How a matrix-factorization job trains its item model.
public enum MFMethod: String, Codable, Sendable, CaseIterable {
    /// Private alternating least squares: each round devices send their share of every rated
    /// item's normal equations and the coordinator solves each item's noised ridge regression.
    /// Few rounds (2–5); the default.
    case als
    /// Gradient rounds: devices send the dense gradient of all item factors and biases and the
    /// coordinator applies Adam. Many rounds (25–100).
    case gradient
}
