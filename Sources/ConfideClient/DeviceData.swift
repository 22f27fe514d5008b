import ConfideML

/// What a device knows about its own user, prepared for training: raw feature rows for
/// statistics and K-Means, and its ratings split into training and held-out parts for MF.
public struct DeviceData: Sendable, Equatable {
    /// Raw feature rows in the order of `featureSet`'s schema (usually one row: the user).
    public var features: [String: [[Double]]]
    /// Training ratings, as dense indices into the public item catalogue.
    public var training: LocalRatings?
    /// Held-out ratings for evaluation.
    public var test: LocalRatings?

    /// Device data.
    public init(features: [String: [[Double]]] = [:], training: LocalRatings? = nil, test: LocalRatings? = nil) {
        self.features = features
        self.training = training
        self.test = test
    }
}
