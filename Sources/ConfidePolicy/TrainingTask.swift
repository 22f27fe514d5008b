/// A federated training task that a purpose may allow.
public enum TrainingTask: String, CaseIterable, Sendable, Codable {
    /// Global normalisation statistics (means and variances of features).
    case stats
    /// K-Means clustering: user segments.
    case kmeans
    /// Matrix factorization: recommendations.
    case mf
    /// Federated evaluation of a model (metrics only).
    case eval
    /// Item popularity: a DP histogram of which items devices rated, overall and per segment.
    case histogram
}
