import Foundation

extension RankingMetrics {
    /// Scores ready-made top-k lists: `rankings[u]` against `relevant[u]` (the user's held-out
    /// items rated at least the relevance threshold). Users without a relevant item are left
    /// out, as in the recommender-based initializer; the lists are cut to `k`.
    public init(rankings: [[Int]], relevant: [Set<Int>], k: Int = 10) throws {
        guard k >= 1 else { throw MLError.invalid("k must be at least 1, got \(k)") }
        guard rankings.count == relevant.count else {
            throw MLError.dimension("\(rankings.count) rankings for \(relevant.count) users")
        }
        var precision = 0.0, recall = 0.0, ndcg = 0.0, users = 0
        for (ranking, items) in zip(rankings, relevant) where !items.isEmpty {
            var hits = 0, gain = 0.0
            for (rank, item) in ranking.prefix(k).enumerated() where items.contains(item) {
                hits += 1
                gain += 1 / log2(Double(rank + 2))
            }
            let ideal = (0..<min(k, items.count)).reduce(0.0) { $0 + 1 / log2(Double($1 + 2)) }
            precision += Double(hits) / Double(k)
            recall += Double(hits) / Double(items.count)
            ndcg += gain / ideal
            users += 1
        }
        let count = Double(max(users, 1))
        self.precision = precision / count
        self.recall = recall / count
        self.ndcg = ndcg / count
        self.users = users
    }
}
