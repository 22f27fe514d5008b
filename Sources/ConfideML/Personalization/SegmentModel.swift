/// A published K-Means model in the form a device uses it: the normalization statistics the
/// training rounds used and the chosen centroids, so a device can place itself in a segment
/// at any time without a round trip and without any privacy cost.
///
/// Parameter layout (as `KMeansJob` publishes it): `mean[d]`, `deviation[d]` (both in the
/// schema's bounded [0, 1] units), then `centroids[k·d]` in normalized units, cluster-major.
public struct SegmentModel: Sendable, Equatable {
    /// The feature schema the model was trained on.
    public let schema: FeatureSchema
    /// Per-feature mean of the bounded features, from the statistics round.
    public let mean: [Double]
    /// Per-feature standard deviation of the bounded features (already floored by the coordinator).
    public let deviation: [Double]
    /// The k centroids, one per row, in normalized (z-score, clamped) units.
    public let centroids: Matrix
    /// Normalized features are clamped to ±this many deviations, as in training.
    public let featureClamp: Double
    /// Each segment's size as the last training round measured it (noised under DP), if published.
    public let sizes: [Double]?

    /// Number of segments.
    public var k: Int { centroids.rows }

    /// A model from published parameters; throws if their count does not fit `schema` and `clusters`.
    public init(schema: FeatureSchema, parameters: [Double], clusters: Int, featureClamp: Double,
                sizes: [Double]? = nil) throws {
        let d = schema.count
        guard clusters >= 1, parameters.count == 2 * d + clusters * d else {
            throw MLError.dimension("a K-Means model of \(clusters) clusters over \(d) features has \(2 * d + clusters * d) parameters, got \(parameters.count)")
        }
        guard featureClamp > 0, parameters.allSatisfy(\.isFinite) else {
            throw MLError.invalid("a K-Means model needs a positive clamp and finite parameters")
        }
        if let sizes, sizes.count != clusters {
            throw MLError.dimension("\(sizes.count) segment sizes for \(clusters) segments")
        }
        self.schema = schema
        mean = Array(parameters[0..<d])
        deviation = Array(parameters[d..<2 * d])
        centroids = try Matrix(rows: clusters, columns: d, storage: Array(parameters[(2 * d)...]))
        self.featureClamp = featureClamp
        self.sizes = sizes
    }

    /// `raw` features as the training rounds saw them: bounded to [0, 1] by the schema,
    /// z-scored with the model's statistics, clamped to ±`featureClamp`.
    ///
    /// This must stay identical to `DeviceWorker`'s K-Means step (including the 1e-6 floor on
    /// the deviation): a device placed with other arithmetic would land in a segment the
    /// centroids were not fitted for.
    public func normalized(_ raw: [Double]) throws -> [Double] {
        let bounded = try schema.bounded(raw)
        return bounded.indices.map { column in
            let z = (bounded[column] - mean[column]) / max(deviation[column], 1e-6)
            return min(featureClamp, max(-featureClamp, z))
        }
    }

    /// The nearest centroid to `raw` features (ties go to the lower index, as in training).
    public func assign(_ raw: [Double]) throws -> SegmentAssignment {
        let point = try normalized(raw)
        var best = 0, bestDistance = Double.infinity
        for cluster in 0..<k {
            let centroid = centroids.row(cluster)
            let distance = zip(point, centroid).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            if distance < bestDistance {
                best = cluster
                bestDistance = distance
            }
        }
        return SegmentAssignment(segment: best, squaredDistance: bestDistance)
    }

    /// Each segment's weight for summaries and the Ward tree: its published size, floored at
    /// 1 (a noised size can be zero or negative), or 1 for every segment when none was published.
    public var weights: [Double] {
        sizes?.map { max(1, $0) } ?? Array(repeating: 1, count: k)
    }
}

/// Where a device's features fall in a ``SegmentModel``.
public struct SegmentAssignment: Sendable, Equatable {
    /// The index of the nearest centroid.
    public var segment: Int
    /// Squared distance to it, in normalized units.
    public var squaredDistance: Double
}
