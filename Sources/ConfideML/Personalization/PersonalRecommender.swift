/// Which part of the fallback chain produced a recommendation.
public enum RecommendationSource: String, Sendable, Codable, CaseIterable {
    /// The user's own factors against the global item factors (no popularity data to blend).
    case collaborative
    /// The collaborative score blended with popularity (overall and the user's segment's).
    case hybrid
    /// Popular items, ranked with the user's segment's popularity (too few ratings for factors).
    case segmentPopular = "segment-popular"
    /// Popular items overall: no segment member rated the item, or the device has no segment.
    case popular
}

/// One recommended item.
public struct Recommendation: Sendable, Equatable {
    /// The dense item index in the public catalogue.
    public var item: Int
    /// The score it was ranked by. Collaborative without popularity data: the predicted
    /// rating (unclipped). With popularity data: (1 − w)·(predicted − 1)/4 + w·share, where
    /// share blends the item's overall and segment counts, each over its list's largest
    /// (`hybrid` when the share is positive, `collaborative` when it is zero). Popularity
    /// sources: the share.
    public var score: Double
    /// What produced it.
    public var source: RecommendationSource
}

/// Recommendations computed on the device from its own ratings and the shared models: the
/// user's factors and bias are solved locally against the global item factors (they never
/// leave the device), and unseen items are ranked.
///
/// The fallback chain: a user with at least `minimumRatings` ratings and a collaborative
/// model gets collaborative scores, blended with popularity (overall and their segment's) when there is
/// some (`hybrid`); anyone else gets the most popular unseen items by the same blend of their
/// segment's and overall popularity (at segment weight 1: the segment's first, then overall).
public struct PersonalRecommender: Sendable {
    /// The tunables of the chain.
    public struct Configuration: Sendable, Equatable {
        /// Below this many ratings the user's factors are not trusted (a ridge solve on 1–4
        /// ratings mostly returns the item biases, which favour obscure films rated 5 by a
        /// single person). Default 5, the same as `Recommender`.
        public var minimumRatings: Int
        /// Weight of popularity in the hybrid score, in [0, 1]. Default 0.7, chosen on a
        /// validation split of MovieLens (`confide-client-sim evaluate --tune`; docs/ml.md):
        /// under DP the collaborative score ranks well among popular films and badly across
        /// the whole catalogue, so popularity carries most of the ranking and the user's
        /// factors reorder it.
        public var hybridWeight: Double

        /// Support damping κ (default 10, chosen with the weights). With popularity data, an item's own part of the
        /// prediction (b_i + p_u·q_i) is multiplied by n_i / (n_i + κ), n_i its overall count,
        /// so an item few devices rated cannot rank on a large bias learned from them alone.
        public var supportDamping: Double

        /// Weight of the segment's popularity against overall popularity in an item's share, in
        /// [0, 1]: share = (1 − v)·overall share + v·segment share (each count over its list's
        /// largest). At 1, a cold-start user gets their segment's popular items first, then the
        /// overall ones. Default 0.5, chosen with the weights: a segment's noised counts are
        /// too few to rank on alone.
        public var segmentWeight: Double

        /// The defaults above.
        public init(minimumRatings: Int = 5, hybridWeight: Double = 0.7, supportDamping: Double = 10, segmentWeight: Double = 0.5) {
            self.minimumRatings = minimumRatings
            self.hybridWeight = hybridWeight
            self.supportDamping = supportDamping
            self.segmentWeight = segmentWeight
        }
    }

    /// The chain's settings.
    public let configuration: Configuration
    /// The collaborative model's layout and item parameters, if the device has one.
    public let model: (layout: FederatedMF, items: FederatedMF.ItemModel)?
    /// Popularity counts, if the device has them.
    public let popularity: ItemPopularity?

    /// A recommender over whatever models the device holds.
    public init(configuration: Configuration = Configuration(), model: (layout: FederatedMF, items: FederatedMF.ItemModel)?,
                popularity: ItemPopularity?) throws {
        guard configuration.minimumRatings >= 1, (0...1).contains(configuration.hybridWeight),
              (0...1).contains(configuration.segmentWeight), configuration.supportDamping >= 0, configuration.supportDamping.isFinite else {
            throw MLError.invalid("minimumRatings must be at least 1, hybridWeight and segmentWeight in [0, 1] and supportDamping ≥ 0")
        }
        if let model {
            try model.layout.check(model.items)
            if let popularity, popularity.items != model.layout.items {
                throw MLError.dimension("popularity covers \(popularity.items) items, the model \(model.layout.items)")
            }
        }
        self.configuration = configuration
        self.model = model
        self.popularity = popularity
    }

    /// Whether `ratings` are too few for collaborative scores (or there is no model).
    public func isColdStart(_ ratings: LocalRatings) -> Bool {
        model == nil || ratings.count < configuration.minimumRatings
    }

    /// Up to `count` unseen items for a user with `ratings` in `segment`, best first. Never an
    /// item in `ratings` or in `excluding` (items known some other way, e.g. in an evaluation
    /// that solves from part of a user's ratings); fewer than `count` only when the sources run out.
    public func recommend(ratings: LocalRatings, segment: Int?, count: Int, excluding: Set<Int> = []) throws -> [Recommendation] {
        guard count >= 1 else { throw MLError.invalid("count must be at least 1, got \(count)") }
        let seen = Set(ratings.items.map(Int.init)).union(excluding)
        if let model, !isColdStart(ratings) {
            return try collaborative(model, ratings: ratings, seen: seen, segment: segment, count: count)
        }
        guard let shares = shares(segment: segment) else { return [] }
        // By share, then (for items no segment member rated, at segment weight 1) by overall share.
        let ranked = shares.overall.indices.filter { !seen.contains($0) && (shares.blended[$0] > 0 || shares.overall[$0] > 0) }
            .sorted { (shares.blended[$0], shares.overall[$0], -$0) > (shares.blended[$1], shares.overall[$1], -$1) }
        return ranked.prefix(count).map { item in
            let fromSegment = shares.segment.map { $0[item] > 0 } ?? false
            return Recommendation(item: item, score: shares.blended[item] > 0 ? shares.blended[item] : shares.overall[item],
                                  source: fromSegment && configuration.segmentWeight > 0 ? .segmentPopular : .popular)
        }
    }

    /// Every item's share of popularity: overall and in `segment` (count over the list's
    /// largest, a count ≤ 0 as 0), and the two blended by the segment weight. `nil` without
    /// popularity data or when no count is positive.
    private func shares(segment: Int?) -> (overall: [Double], segment: [Double]?, blended: [Double])? {
        guard let popularity else { return nil }
        func normalized(_ counts: [Double]) -> [Double]? {
            guard let largest = counts.max(), largest > 0 else { return nil }
            return counts.map { max(0, $0) / largest }
        }
        let overall = normalized(popularity.overall)
        let inSegment = popularity.counts(segment: segment).flatMap(normalized)
        guard let base = overall ?? inSegment else { return nil }
        let v = inSegment == nil ? 0 : (overall == nil ? 1 : configuration.segmentWeight)
        let blended = base.indices.map { (1 - v) * (overall?[$0] ?? 0) + v * (inSegment?[$0] ?? 0) }
        return (overall ?? [Double](repeating: 0, count: base.count), inSegment, blended)
    }

    private func collaborative(_ model: (layout: FederatedMF, items: FederatedMF.ItemModel), ratings: LocalRatings,
                               seen: Set<Int>, segment: Int?, count: Int) throws -> [Recommendation] {
        let layout = model.layout, parameters = model.items.parameters, f = layout.factors
        guard ratings.items.allSatisfy({ Int($0) < layout.items }) else {
            throw MLError.invalid("the device rated an item outside the model's \(layout.items) items")
        }
        let user = try layout.solveUser(model: model.items, ratings: ratings)
        let shares = self.shares(segment: segment)
        let weight = shares == nil ? 0 : configuration.hybridWeight
        let support = configuration.supportDamping > 0 ? popularity?.overall : nil
        let kappa = configuration.supportDamping
        var scored: [Recommendation] = []
        scored.reserveCapacity(layout.items)
        let low = layout.ratingRange.lowerBound, span = layout.ratingRange.upperBound - layout.ratingRange.lowerBound
        for item in 0..<layout.items where !seen.contains(item) {
            let base = layout.offset(item)
            // Unclipped: clipping to the rating scale would tie every item predicted above 5.
            var own = parameters[base + f]
            for c in 0..<f { own += user.factors[c] * parameters[base + c] }
            if let support {
                let n = max(0, support[item])
                own *= n / (n + kappa)
            }
            let predicted = model.items.globalMean + user.bias + own
            guard weight > 0 else {
                scored.append(Recommendation(item: item, score: predicted, source: .collaborative))
                continue
            }
            let share = shares!.blended[item]
            // Items nobody rated keep the blend's scale (a zero share) but owe nothing to popularity.
            scored.append(Recommendation(item: item, score: (1 - weight) * (predicted - low) / span + weight * share,
                                         source: share > 0 ? .hybrid : .collaborative))
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.item < $1.item }
        return Array(scored.prefix(count))
    }
}
