/// A named feature vector with public bounds for every feature, so federated statistics
/// and K-Means updates have a sensitivity known in advance.
///
/// ``bounded(_:)`` maps a device's raw features into [0, 1] (clamping values outside the
/// bounds). The bounds are public and fixed per schema version: they are chosen from what
/// the feature can plausibly take, never from anyone's data.
public struct FeatureSchema: Sendable, Equatable {
    /// The versioned identifier (e.g. `movielens-user-v1`), as devices and coordinator name it.
    public let identifier: String
    /// Feature names, in vector order.
    public let names: [String]
    /// Lower bound of each feature.
    public let lower: [Double]
    /// Upper bound of each feature.
    public let upper: [Double]

    /// Number of features.
    public var count: Int { names.count }

    /// MovieLens per-user features (``MovieLensUserFeatures``): counts up to 1,000 ratings,
    /// mean 1–5 stars, spread up to 2 stars, spans and recency up to 365 days, genre shares 0–1.
    public static let movieLensUser = FeatureSchema(
        identifier: "movielens-user-v1",
        names: MovieLensUserFeatures.names,
        lower: [0, 1, 0, 0, 0] + Array(repeating: 0, count: MovieLens.genres.count),
        upper: [1_000, 5, 2, 365, 365] + Array(repeating: 1, count: MovieLens.genres.count))

    /// E-commerce features (``CommerceFeatures``): recency up to 180 days, log1p purchases
    /// up to 6, log1p spend up to 12, log1p sessions up to 7, mean session up to 120 minutes,
    /// category shares 0–1.
    public static let commerce = FeatureSchema(
        identifier: "commerce-v1",
        names: CommerceFeatures.names,
        lower: [0, 0, 0, 0, 0] + Array(repeating: 0, count: SyntheticCommerce.categories.count),
        upper: [180, 6, 12, 7, 120] + Array(repeating: 1, count: SyntheticCommerce.categories.count))

    /// Every schema, by identifier.
    public static let all = [movieLensUser, commerce]

    /// The schema named `identifier`.
    public init(identifier: String) throws {
        guard let schema = Self.all.first(where: { $0.identifier == identifier }) else {
            throw MLError.invalid("unknown feature schema '\(identifier)'; known: \(Self.all.map(\.identifier).joined(separator: ", "))")
        }
        self = schema
    }

    private init(identifier: String, names: [String], lower: [Double], upper: [Double]) {
        self.identifier = identifier
        self.names = names
        self.lower = lower
        self.upper = upper
    }

    /// `row` mapped into [0, 1] per feature; values outside the bounds are clamped, and a
    /// non-finite value is an error.
    public func bounded(_ row: [Double]) throws -> [Double] {
        guard row.count == count else { throw MLError.dimension("\(row.count) features for schema \(identifier) of \(count)") }
        return try (0..<count).map { index in
            guard row[index].isFinite else { throw MLError.invalid("feature \(names[index]) is not a finite number") }
            let scaled = (row[index] - lower[index]) / (upper[index] - lower[index])
            return min(1, max(0, scaled))
        }
    }
}
