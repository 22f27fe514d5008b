import ConfideML

/// Item popularity for the simulator's fallbacks, counted centrally over every simulated
/// user's training ratings, per segment of the published K-Means model.
///
/// A stand-in, not private, used by `recommend` only when the run saved no `histogram`
/// model (it ran without `--popularity-epsilon`): the federated histogram task produces the
/// same counts through secure aggregation with DP. Features and splits are computed as the devices compute
/// them, except that timestamps are not truncated to the day first, so a user's segment here
/// can differ from the one its device reports in rare border cases.
enum PopularityStandIn {
    static func movieLens(_ data: MovieLens, model: SegmentModel?, seed: UInt64) throws -> ItemPopularity {
        let catalog = data.itemIndex, genres = data.genreMasks, reference = data.latestTimestamp
        var byUser: [Int: [Rating]] = [:]
        for rating in data.ratings { byUser[rating.user, default: []].append(rating) }
        var users: [LocalRatings] = [], segments: [Int] = []
        for (_, ratings) in byUser.sorted(by: { $0.key < $1.key }) {
            let sorted = ratings.sorted { ($0.item, $0.timestamp) < ($1.item, $1.timestamp) }
            users.append(try LocalRatings(try RatingSplit.perUser(sorted, seed: seed).train, catalog: catalog))
            if let model {
                segments.append(try model.assign(try MovieLensUserFeatures.features(of: sorted, genres: genres, referenceTime: reference)).segment)
            }
        }
        return try ItemPopularity(users: users, items: catalog.count, segments: model == nil ? nil : segments, clusters: model?.k ?? 0)
    }
}
