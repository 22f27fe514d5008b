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
        var precision = 0.0, recall = 0.0, ndcg = 0.0
        for (user, items) in relevant {
            let top = try recommender.recommend(user: user, count: k)
            var hits = 0, gain = 0.0
            for (rank, item) in top.enumerated() where items.contains(item) {
                hits += 1
                gain += 1 / log2(Double(rank + 2))
            }
            let ideal = (0..<min(k, items.count)).reduce(0.0) { $0 + 1 / log2(Double($1 + 2)) }
            precision += Double(hits) / Double(k)
            recall += Double(hits) / Double(items.count)
            ndcg += gain / ideal
        }
        let users = Double(max(relevant.count, 1))
        self.precision = precision / users
        self.recall = recall / users
        self.ndcg = ndcg / users
        self.users = relevant.count
    }
}
