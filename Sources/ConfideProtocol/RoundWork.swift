/// The features a device computes from its own data for statistics and K-Means rounds.
public enum FeatureSet: String, Codable, Sendable, CaseIterable {
    /// MovieLens per-user features: rating count, mean, spread, active span, recency and 19 genre shares (24).
    case movieLensUser = "movielens-user-v1"
    /// E-commerce RFM and category affinity features.
    case commerce = "commerce-v1"
}

/// What a round asks every device to compute. Sent inside the signed ``WorkOrder``, so
/// a device computes exactly what the coordinator signed.
public struct RoundWork: Codable, Sendable, Equatable {
    /// The computation.
    public enum Kind: String, Codable, Sendable {
        /// Σx, Σx², n of the device's feature rows: global normalization statistics.
        case featureStatistics
        /// One K-Means step against `sets` candidate centroid sets (normalized features).
        case kmeansStep
        /// The device's mean training rating and a 1 (or two zeros without ratings): the mean of users' means.
        case ratingMean
        /// The dense gradient of every item's factors and bias, after solving the device's own user factors.
        case mfGradient
        /// Σ(r − r̂)², Σ|r − r̂|, n on the device's held-out ratings.
        case mfEvaluation
        /// Private ALS: after solving the device's own user factors and bias, its share of
        /// every rated item's normal equations (at most `ratingCap` ratings, a seeded random
        /// subset; factors clipped to `factorNormCap`, residuals to `residualCap`, Gram part
        /// weighted by `gramWeight`, the whole scaled to at most `contributionClip`), in blocks
        /// of (F+1)(F+2)/2 + F + 1 values per item.
        case alsContribution
        /// A 0/1 vector of the items the device rated (at most `ratingCap`), overall and again
        /// in the block of its segment under the K-Means model sent as parameters: item popularity.
        case itemHistogram
        /// For each candidate centroid set (one per k in `candidates`), the device's scaled
        /// squared distance to the nearest centroid and its simplified silhouette, then a 1:
        /// a federated sweep over the number of segments.
        case kmeansSweep
        /// A 1 at `earlier · clusters + later`: the device's segment under the earlier K-Means
        /// model (`previousClusters`) and under the later one, both sent as parameters.
        case segmentTransition
    }

    /// The computation.
    public var kind: Kind
    /// The length of the update vector every device returns.
    public var vectorLength: Int
    /// Feature set, for statistics and K-Means.
    public var features: FeatureSet?
    /// Clusters per set, for K-Means.
    public var clusters: Int?
    /// Candidate centroid sets followed at once, for K-Means.
    public var sets: Int?
    /// Catalogue size, for MF.
    public var items: Int?
    /// Latent factors, for MF.
    public var factors: Int?
    /// L2 regularization λ, for MF.
    public var regularization: Double?
    /// For K-Means: normalized features are clamped to ±this many standard deviations, so
    /// one unusual device cannot dominate a centroid (and the update's norm is bounded).
    public var featureClamp: Double?
    /// For K-Means: per-cluster squared errors are multiplied by this before sending, so
    /// they do not dominate the update's norm; the coordinator divides the sum by it.
    public var errorScale: Double?
    /// For K-Means: per-cluster counts are multiplied by this before sending, so they get
    /// a fair share of the update's norm (and of the noise budget); the coordinator divides.
    public var countScale: Double?
    /// For rating work: at most this many of the device's ratings are used, bounding its update.
    public var ratingCap: Int?
    /// For private ALS: the bound on the user factors' L2 norm in a contribution.
    public var factorNormCap: Double?
    /// For private ALS: the bound on a rating's residual |r − μ − b_u| in a contribution.
    public var residualCap: Double?
    /// For private ALS: the weight of the Gram part against the right-hand side.
    public var gramWeight: Double?
    /// For private ALS: the L2 norm the whole contribution is scaled down to when above it.
    public var contributionClip: Double?
    /// For a sweep over k: the number of clusters of each candidate centroid set, in order.
    public var candidates: [Int]?
    /// For a segment transition: the earlier model's number of segments.
    public var previousClusters: Int?
    /// For a segment transition: the earlier model's feature clamp.
    public var previousFeatureClamp: Double?

    /// A work description.
    public init(kind: Kind, vectorLength: Int, features: FeatureSet? = nil, clusters: Int? = nil, sets: Int? = nil,
                items: Int? = nil, factors: Int? = nil, regularization: Double? = nil,
                featureClamp: Double? = nil, errorScale: Double? = nil, countScale: Double? = nil, ratingCap: Int? = nil,
                factorNormCap: Double? = nil, residualCap: Double? = nil, gramWeight: Double? = nil,
                contributionClip: Double? = nil, candidates: [Int]? = nil, previousClusters: Int? = nil,
                previousFeatureClamp: Double? = nil) {
        self.kind = kind
        self.vectorLength = vectorLength
        self.features = features
        self.clusters = clusters
        self.sets = sets
        self.items = items
        self.factors = factors
        self.regularization = regularization
        self.featureClamp = featureClamp
        self.errorScale = errorScale
        self.countScale = countScale
        self.ratingCap = ratingCap
        self.factorNormCap = factorNormCap
        self.residualCap = residualCap
        self.gramWeight = gramWeight
        self.contributionClip = contributionClip
        self.candidates = candidates
        self.previousClusters = previousClusters
        self.previousFeatureClamp = previousFeatureClamp
    }
}
