import Foundation
import ConfideML
import Testing

@Suite("Recommendations on the device: collaborative, hybrid and popularity fallbacks")
struct PersonalRecommenderTests {
    private let layout = try! FederatedMF(items: 10, factors: 2)

    /// Items with distinct factors and biases, so every unseen item gets a distinct score.
    private var items: FederatedMF.ItemModel {
        var parameters = [Double](repeating: 0, count: layout.dimension)
        for item in 0..<layout.items {
            parameters[layout.offset(item)] = Double(item % 3) * 0.4 - 0.4
            parameters[layout.offset(item) + 1] = Double(item % 4) * 0.3 - 0.45
            parameters[layout.offset(item) + 2] = Double(item) * 0.05 - 0.2
        }
        return FederatedMF.ItemModel(globalMean: 3.5, parameters: parameters)
    }

    private let rated = try! LocalRatings(items: [0, 2, 4, 6, 8], values: [5, 4, 5, 2, 3], itemCount: 10)

    @Test func collaborativeRanksOnlyUnseenItemsByTheSolvedUser() throws {
        let recommender = try PersonalRecommender(model: (layout, items), popularity: nil)
        let top = try recommender.recommend(ratings: rated, segment: nil, count: 10)
        #expect(top.map(\.item).sorted() == [1, 3, 5, 7, 9], "seen items were recommended or unseen ones left out")
        #expect(top.allSatisfy { $0.source == .collaborative })
        // The score is the MF prediction μ + b_u + b_i + p_u·q_i with the device's own solve.
        let user = try layout.solveUser(model: items, ratings: rated)
        for recommendation in top {
            let base = layout.offset(recommendation.item)
            let predicted = items.globalMean + user.bias + items.parameters[base + 2]
                + user.factors[0] * items.parameters[base] + user.factors[1] * items.parameters[base + 1]
            #expect(abs(recommendation.score - predicted) < 1e-12)
        }
        #expect(top.map(\.score) == top.map(\.score).sorted(by: >))
        #expect(try recommender.recommend(ratings: rated, segment: nil, count: 2).count == 2)
    }

    @Test func coldStartFallsBackToSegmentThenOverallPopularity() throws {
        var overall = [Double](repeating: 0, count: 10)
        overall[0] = 50; overall[1] = 40; overall[2] = 30; overall[9] = 20; overall[5] = -3
        var segment = [Double](repeating: 0, count: 10)
        segment[7] = 8; segment[1] = 6; segment[3] = 4
        let popularity = try ItemPopularity(overall: overall, bySegment: [Array(repeating: 0, count: 10), segment])
        let recommender = try PersonalRecommender(configuration: .init(segmentWeight: 1), model: (layout, items), popularity: popularity)
        let few = try LocalRatings(items: [3, 0], values: [5, 4], itemCount: 10)
        #expect(recommender.isColdStart(few))
        let top = try recommender.recommend(ratings: few, segment: 1, count: 5)
        // Segment 1's unseen items by count (7, 1; 3 is seen), then overall (0 seen, 1 taken: 2, 9).
        #expect(top.map(\.item) == [7, 1, 2, 9])
        #expect(top.map(\.source) == [.segmentPopular, .segmentPopular, .popular, .popular])
        #expect(top[0].score == 1 && top[2].score == 30.0 / 50)
        // No segment (or a segment without counts): overall popularity only; a noised negative count is never popular.
        let overallOnly = try recommender.recommend(ratings: few, segment: nil, count: 10)
        #expect(overallOnly.map(\.item) == [1, 2, 9])
        #expect(overallOnly.allSatisfy { $0.source == .popular })
        // Without any model at all a device with many ratings is served the same way.
        let noModel = try PersonalRecommender(configuration: .init(segmentWeight: 1), model: nil, popularity: popularity)
        #expect(try noModel.recommend(ratings: rated, segment: 1, count: 4).map(\.source) == [.segmentPopular, .segmentPopular, .segmentPopular, .popular])
        #expect(try PersonalRecommender(model: nil, popularity: nil).recommend(ratings: few, segment: 1, count: 3).isEmpty)
    }

    @Test func hybridBlendsCollaborativeScoresWithSegmentPopularity() throws {
        var segment = [Double](repeating: 0, count: 10)
        segment[1] = 10; segment[9] = 5
        let popularity = try ItemPopularity(overall: Array(repeating: 1, count: 10), bySegment: [segment])
        let recommender = try PersonalRecommender(configuration: .init(hybridWeight: 0.2, supportDamping: 0, segmentWeight: 1), model: (layout, items),
                                                  popularity: popularity)
        let pure = try PersonalRecommender(model: (layout, items), popularity: nil).recommend(ratings: rated, segment: 0, count: 10)
        let top = try recommender.recommend(ratings: rated, segment: 0, count: 10)
        #expect(Set(top.map(\.item)) == [1, 3, 5, 7, 9])
        for recommendation in top {
            let predicted = try #require(pure.first { $0.item == recommendation.item }).score
            let expected = 0.8 * (predicted - 1) / 4 + 0.2 * segment[recommendation.item] / 10
            #expect(abs(recommendation.score - expected) < 1e-12)
            #expect(recommendation.source == (segment[recommendation.item] > 0 ? .hybrid : .collaborative))
        }
        #expect(top.map(\.score) == top.map(\.score).sorted(by: >))
        #expect(throws: MLError.self) { try PersonalRecommender(configuration: .init(hybridWeight: 2), model: nil, popularity: nil) }
    }

    @Test func segmentWeightBlendsSegmentWithOverallPopularity() throws {
        var overall = [Double](repeating: 0, count: 10)
        overall[1] = 100; overall[3] = 50; overall[7] = 10
        var segment = [Double](repeating: 0, count: 10)
        segment[7] = 20; segment[3] = 5; segment[5] = -4
        let popularity = try ItemPopularity(overall: overall, bySegment: [segment])
        let few = try LocalRatings(items: [0], values: [5], itemCount: 10)
        func shares(_ v: Double) -> [Double] { (0..<10).map { (1 - v) * overall[$0] / 100 + v * max(0, segment[$0]) / 20 } }
        for v in [0, 0.5, 1] {
            let recommender = try PersonalRecommender(configuration: .init(segmentWeight: v), model: nil, popularity: popularity)
            let top = try recommender.recommend(ratings: few, segment: 0, count: 10)
            let expected = shares(v)
            // Ranked by the blended share (ties: overall share); a negative count adds nothing.
            #expect(top.map(\.item) == [1, 3, 7].sorted { (expected[$0], overall[$0]) > (expected[$1], overall[$1]) })
            for recommendation in top where expected[recommendation.item] > 0 {
                #expect(abs(recommendation.score - expected[recommendation.item]) < 1e-12)
            }
            #expect(top.map(\.source) == top.map { v > 0 && segment[$0.item] > 0 ? .segmentPopular : .popular })
        }
        // With a model, the hybrid blends with the same share.
        let hybrid = try PersonalRecommender(configuration: .init(hybridWeight: 0.5, supportDamping: 0, segmentWeight: 0.5), model: (layout, items),
                                             popularity: popularity)
        let pure = try PersonalRecommender(model: (layout, items), popularity: nil).recommend(ratings: rated, segment: 0, count: 10)
        for recommendation in try hybrid.recommend(ratings: rated, segment: 0, count: 10) {
            let predicted = try #require(pure.first { $0.item == recommendation.item }).score
            #expect(abs(recommendation.score - (0.5 * (predicted - 1) / 4 + 0.5 * shares(0.5)[recommendation.item])) < 1e-12)
        }
        #expect(throws: MLError.self) { try PersonalRecommender(configuration: .init(segmentWeight: 1.5), model: nil, popularity: nil) }
    }

    @Test func supportDampingShrinksWhatAnItemOwesToFewDevices() throws {
        var overall = [Double](repeating: 0, count: 10)
        overall[1] = 30; overall[3] = 10
        let popularity = try ItemPopularity(overall: overall)
        let damped = try PersonalRecommender(configuration: .init(hybridWeight: 0, supportDamping: 10), model: (layout, items),
                                             popularity: popularity)
        let user = try layout.solveUser(model: items, ratings: rated)
        for recommendation in try damped.recommend(ratings: rated, segment: nil, count: 10) {
            let base = layout.offset(recommendation.item)
            let own = items.parameters[base + 2] + user.factors[0] * items.parameters[base] + user.factors[1] * items.parameters[base + 1]
            let n = overall[recommendation.item]
            #expect(abs(recommendation.score - (items.globalMean + user.bias + own * n / (n + 10))) < 1e-12)
        }
        #expect(throws: MLError.self) { try PersonalRecommender(configuration: .init(supportDamping: -1), model: nil, popularity: nil) }
    }

    @Test func popularityCountsRatingsPerSegment() throws {
        let users = try [[0, 1], [1], [1, 2]].map { try LocalRatings(items: $0.map(Int32.init), values: $0.map { _ in 4 }, itemCount: 3) }
        let popularity = try ItemPopularity(users: users, items: 3, segments: [0, 1, 1], clusters: 2)
        #expect(popularity.overall == [1, 3, 1])
        #expect(popularity.bySegment == [[1, 1, 0], [0, 2, 1]])
        #expect(throws: MLError.self) { try ItemPopularity(users: users, items: 3, segments: [0, 2, 1], clusters: 2) }
    }
}

@Suite("Ranking metrics over ready-made lists")
struct RankingListTests {
    @Test func matchesAHandComputation() throws {
        // User 0: hits at ranks 1 and 3 of 3 relevant → P = 2/3, R = 2/3, DCG = 1 + 1/2, IDCG = 1 + 1/log2(3) + 1/2.
        // User 1: no relevant items, left out. User 2: a miss.
        let metrics = try RankingMetrics(rankings: [[5, 1, 7], [1, 2, 3], [9, 8, 6]], relevant: [[5, 7, 4], [], [1]], k: 3)
        #expect(metrics.users == 2)
        #expect(abs(metrics.precision - (2.0 / 3) / 2) < 1e-12)
        #expect(abs(metrics.recall - (2.0 / 3) / 2) < 1e-12)
        let ndcg = 1.5 / (1 + 1 / log2(3.0) + 0.5)
        #expect(abs(metrics.ndcg - ndcg / 2) < 1e-12)
        #expect(throws: MLError.self) { try RankingMetrics(rankings: [[1]], relevant: [], k: 3) }
    }
}
