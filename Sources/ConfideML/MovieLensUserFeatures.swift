/// Per-user features from MovieLens ratings, computed on the device from its own ratings and
/// the public item catalog: rating count, mean, standard deviation, active span, recency,
/// and the fraction of the user's ratings in each of the 19 genres.
public enum MovieLensUserFeatures {
    /// Feature names, in vector order (24 features).
    public static let names = ["rating_count", "rating_mean", "rating_std", "active_span_days", "recency_days"]
        + MovieLens.genres.map { "genre_\($0)" }

    /// Number of features.
    public static var count: Int { names.count }

    /// The features of one user's `ratings`. `genres` maps item identifiers to genre masks
    /// (`MovieLens.genreMasks`); `referenceTime` (seconds since 1970 UTC) is "now" for recency.
    /// A movie with several genres counts towards each of them.
    public static func features(of ratings: [Rating], genres: [Int: UInt32], referenceTime: Int64) throws -> [Double] {
        guard !ratings.isEmpty else { throw MLError.invalid("a user with no ratings has no features") }
        var genreCounts = [Double](repeating: 0, count: MovieLens.genres.count)
        var sum = 0.0, squares = 0.0
        var first = Int64.max, last = Int64.min
        for rating in ratings {
            guard let mask = genres[rating.item] else {
                throw MLError.invalid("item \(rating.item) is not in the catalog")
            }
            sum += rating.value
            squares += rating.value * rating.value
            first = min(first, rating.timestamp)
            last = max(last, rating.timestamp)
            for g in genreCounts.indices where mask & (1 << UInt32(g)) != 0 { genreCounts[g] += 1 }
        }
        let n = Double(ratings.count)
        let mean = sum / n
        let deviation = max(0, squares / n - mean * mean).squareRoot()
        let day = 86_400.0
        return [n, mean, deviation, Double(last - first) / day, Double(max(0, referenceTime - last)) / day]
            + genreCounts.map { $0 / n }
    }

    /// Features of every user of `data` with at least one rating, one row per user in
    /// ascending identifier order, with the data set's latest rating as reference time.
    public static func table(_ data: MovieLens) throws -> (userIDs: [Int], features: Matrix) {
        var byUser: [Int: [Rating]] = [:]
        for rating in data.ratings { byUser[rating.user, default: []].append(rating) }
        let users = byUser.keys.sorted()
        let genres = data.genreMasks, reference = data.latestTimestamp
        let rows = try users.map { try features(of: byUser[$0]!, genres: genres, referenceTime: reference) }
        return (users, try Matrix(rowArrays: rows))
    }
}

extension MovieLens {
    /// Genre mask of every item, by item identifier.
    public var genreMasks: [Int: UInt32] {
        Dictionary(items.map { ($0.id, $0.genreMask) }, uniquingKeysWith: { first, _ in first })
    }
}
