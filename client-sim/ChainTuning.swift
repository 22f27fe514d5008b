import ConfideML

/// Chooses the device chain's settings (hybrid weight, segment weight, support damping κ) on
/// the validation split of the training ratings: each user's training ratings less a held-out
/// fifth, judged on that fifth, in the full and the cold view. The test ratings play no part.
enum ChainTuning {
    static let hybridWeights = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95]
    static let segmentWeights = [0, 0.25, 0.5, 0.75, 1]
    static let supportDampings = [0.0, 10, 50, 200, 1_000]

    /// The settings with the best mean of the full and cold validation NDCG@10 (ties: the
    /// earlier in grid order, which prefers less popularity and less damping).
    static func choose(_ evaluation: PersonalizationEvaluation, model: (layout: FederatedMF, items: FederatedMF.ItemModel),
                       popularity: ItemPopularity, place: @escaping ([Double]) throws -> Int?)
        throws -> (configuration: PersonalRecommender.Configuration, validation: Double, coldValidation: Double) {
        let relevant = evaluation.relevant(.validation), coldRelevant = evaluation.relevant(.coldValidation)
        var best: (configuration: PersonalRecommender.Configuration, validation: Double, coldValidation: Double)?
        for kappa in supportDampings {
            for w in hybridWeights {
                for v in segmentWeights {
                    let configuration = PersonalRecommender.Configuration(hybridWeight: w, supportDamping: kappa, segmentWeight: v)
                    let recommender = try PersonalRecommender(configuration: configuration, model: model, popularity: popularity)
                    let full = try RankingMetrics(rankings: try evaluation.rankings(recommender, view: .validation, segment: place),
                                                  relevant: relevant).ndcg
                    let cold = try RankingMetrics(rankings: try evaluation.rankings(recommender, view: .coldValidation, segment: place),
                                                  relevant: coldRelevant).ndcg
                    if best == nil || full + cold > best!.validation + best!.coldValidation + 1e-12 {
                        best = (configuration, full, cold)
                    }
                }
            }
        }
        return best!
    }
}
