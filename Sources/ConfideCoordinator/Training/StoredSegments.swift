import ConfideML
import ConfideProtocol

/// A published K-Means model as later jobs use it: a histogram job counts per segment of it,
/// and a K-Means job measures how far its new segments moved from it.
struct StoredSegments: Sendable {
    var features: FeatureSet
    var clusters: Int
    var featureClamp: Double
    /// The published parameters: `mean[d], deviation[d], centroids[k·d]`.
    var parameters: [Double]
    var version: Int64
    /// The published segment sizes, if any.
    var sizes: [Double]?

    /// The model as a device places itself with it.
    func model() throws -> SegmentModel {
        try SegmentModel(schema: FeatureSchema(identifier: features.rawValue), parameters: parameters, clusters: clusters,
                         featureClamp: featureClamp, sizes: sizes)
    }
}
