/// Which part of the fallback chain produced a recommendation.
public enum RecommendationSource: String, Sendable, Codable, CaseIterable {
    /// The user's own factors against the global item factors (no popularity data to blend).
    case collaborative
    /// The collaborative score blended with the user's segment's popularity.
    case hybrid
    /// The most popular items within the user's segment (too few ratings for factors).
    case segmentPopular = "segment-popular"
    /// The most popular items overall (too few ratings, and the segment's list ran out).
    case popular
}

/// One recommended item.
public struct Recommendation: Sendable, Equatable {
    /// The dense item index in the public catalogue.
    public var item: Int
    /// The score it was ranked by. Collaborative without popularity data: the predicted
    /// rating (unclipped). With popularity data: (1 − w)·(predicted − 1)/4 + w·share, where
    /// share is the item's count over the largest count in the segment (`hybrid` when the
    /// share is positive, `collaborative` when it is zero). Popularity sources: the share.
    public var score: Double
    /// What produced it.
    public var source: RecommendationSource
}

/// Recommendations computed on the device from its own ratings and the shared models: the
/// user's factors and bias are solved locally against the global item factors (they never
/// leave the device), and unseen items are ranked.
///
/// The fallback chain: a user with at least `minimumRatings` ratings and a collaborative
/// model gets collaborative scores, blended with their segment's popularity when there is
/// some (`hybrid`); anyone else gets their segment's most popular unseen items, then the
/// overall most popular ones.
public struct PersonalRecommender: Sendable {
    /// The tunables of the chain.
    public struct Configuration: Sendable, Equatable {
        /// Below this many ratings the user's factors are not trusted (a ridge solve on 1–4
        /// ratings mostly returns the item biases, which favour obscure films rated 5 by a
        /// single person). Default 5, the same as `Recommender`.
        public var minimumRatings: Int
        /// Weight of segment popularity in the hybrid score, in [0, 1]. Default 0.2: enough
        /// to break near-ties between predicted ratings in favour of what similar users
        /// watch, too little to override a clearly better predicted rating.
        public var hybridWeight: Double

        /// Support damping κ (default 0: off). With popularity data, an item's own part of the
        /// prediction (b_i + p_u·q_i) is multiplied by n_i / (n_i + κ), n_i its overall count,
        /// so an item few devices rated cannot rank on a large bias learned from them alone.
        public var supportDamping: Double

        /// The defaults above.
        public init(minimumRatings: Int = 5, hybridWeight: Double = 0.2, supportDamping: Double = 0) {
            self.minimumRatings = minimumRatings
            self.hybridWeight = hybridWeight
            self.supportDamping = supportDamping
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
              configuration.supportDamping >= 0, configuration.supportDamping.isFinite else {
            throw MLError.invalid("minimumRatings must be at least 1, hybridWeight in [0, 1] and supportDamping ≥ 0")
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
        var chosen: [Recommendation] = []
        var taken = seen
        for (counts, source) in [(popularity?.counts(segment: segment), RecommendationSource.segmentPopular),
                                 (popularity?.overall, .popular)] {
            guard let counts, let largest = counts.max(), largest > 0 else { continue }
            for item in ItemPopularity.ranking(counts) where chosen.count < count && !taken.contains(item) {
                chosen.append(Recommendation(item: item, score: counts[item] / largest, source: source))
                taken.insert(item)
            }
        }
        return chosen
    }

    private func collaborative(_ model: (layout: FederatedMF, items: FederatedMF.ItemModel), ratings: LocalRatings,
                               seen: Set<Int>, segment: Int?, count: Int) throws -> [Recommendation] {
        let layout = model.layout, parameters = model.items.parameters, f = layout.factors
        guard ratings.items.allSatisfy({ Int($0) < layout.items }) else {
            throw MLError.invalid("the device rated an item outside the model's \(layout.items) items")
        }
        let user = try layout.solveUser(model: model.items, ratings: ratings)
        // Segment popularity when the device has it, else overall popularity, else none.
        let counts = popularity.flatMap { $0.counts(segment: segment) ?? $0.overall }
        let largest = counts?.max() ?? 0
        let weight = largest > 0 ? configuration.hybridWeight : 0
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
            let share = max(0, counts![item]) / largest
            // Items nobody in the segment rated keep the blend's scale (a zero share) but owe nothing to popularity.
            scored.append(Recommendation(item: item, score: (1 - weight) * (predicted - low) / span + weight * share,
                                         source: share > 0 ? .hybrid : .collaborative))
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.item < $1.item }
        return Array(scored.prefix(count))
    }
}
