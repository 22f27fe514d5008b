import Foundation

/// Quality of top-k recommendations against held-out ratings: precision@k, recall@k and
/// NDCG@k (binary relevance), averaged over users with at least one relevant test item.
///
/// A test item is relevant when its rating is at least `relevanceThreshold` (default 4 of 5).
/// Each user's ranking covers every item they did not rate in training.
public struct RankingMetrics: Sendable, Equatable {
    /// Fraction of the top k that are relevant, averaged over users.
    public var precision: Double
    /// Fraction of the relevant items found in the top k, averaged over users.
    public var recall: Double
    /// Discounted cumulative gain of the top k over its ideal value, averaged over users.
    public var ndcg: Double
    /// Users evaluated.
    public var users: Int

    /// Ranks with `recommender` and scores against `test` (same indices as the recommender's model).
    public init(recommender: Recommender, test: RatingTable, k: Int = 10, relevanceThreshold: Double = 4) throws {
        guard k >= 1 else { throw MLError.invalid("k must be at least 1, got \(k)") }
        var relevant: [Int: Set<Int>] = [:]
        for index in 0..<test.count where test.values[index] >= relevanceThreshold {
            relevant[Int(test.userIndices[index]), default: []].insert(Int(test.itemIndices[index]))
        }
        let users = relevant.keys.sorted()
        let rankings = try users.map { try recommender.recommend(user: $0, count: k) }
        try self.init(rankings: rankings, relevant: users.map { relevant[$0]! }, k: k)
    }
}
