import ConfideML
import Testing

@Suite("Segments on the device: assignment and description")
struct SegmentModelTests {
    private let schema = FeatureSchema.movieLensUser

    /// Mean 0.5 and deviation 0.1 in bounded units for every feature; segment 0 at the mean,
    /// segment 1 two deviations above it on rating_count.
    private func model() throws -> SegmentModel {
        let d = schema.count
        var busy = [Double](repeating: 0, count: d)
        busy[0] = 2
        return try SegmentModel(schema: schema, parameters: Array(repeating: 0.5, count: d) + Array(repeating: 0.1, count: d)
                                    + Array(repeating: 0, count: d) + busy, clusters: 2, featureClamp: 3, sizes: [10, -2])
    }

    /// Raw MovieLens features that all map to 0.5 in bounded units, with `count` ratings.
    private func features(count: Double) -> [Double] {
        [count, 3, 1, 182.5, 182.5] + Array(repeating: 0.5, count: MovieLens.genres.count)
    }

    @Test func assignsWithTheTrainingNormalization() throws {
        let model = try model()
        #expect(try model.normalized(features(count: 500)).allSatisfy { abs($0) < 1e-9 })
        // 900 ratings → 0.9 bounded → z = 4, clamped to 3, as the K-Means rounds clamp it.
        #expect(abs(try model.normalized(features(count: 900))[0] - 3) < 1e-9)
        #expect(try model.assign(features(count: 500)).segment == 0)
        #expect(try model.assign(features(count: 700)).segment == 1)
        #expect(abs(try model.assign(features(count: 700)).squaredDistance) < 1e-9)
        // A noised size below one still weighs one.
        #expect(model.weights == [10, 1])
        #expect(throws: MLError.self) { try model.assign([1, 2, 3]) }
        #expect(throws: MLError.self) { try SegmentModel(schema: schema, parameters: [0, 1], clusters: 2, featureClamp: 3) }
    }

    @Test func describesWhatSetsASegmentApart() throws {
        var centroid = [Double](repeating: 0, count: schema.count)
        let index = { (name: String) in try #require(schema.names.firstIndex(of: name)) }
        centroid[try index("rating_count")] = 1.94
        centroid[try index("genre_Drama")] = 1.2
        centroid[try index("genre_Comedy")] = -0.8
        centroid[try index("rating_mean")] = 0.1
        centroid[try index("recency_days")] = -0.3
        centroid[try index("genre_Action")] = 0.6
        let description = try SegmentDescription(centroid: centroid, schema: schema)
        #expect(description.above.map(\.feature) == ["rating_count", "genre_Drama"])
        #expect(description.below.map(\.feature) == ["genre_Comedy", "recency_days"])
        #expect(description.description == "rates many films (+1.9σ), more Drama (+1.2σ); less Comedy (-0.8σ), active recently (-0.3σ)")
        #expect(description.label == "rates many films, more Drama")
        let plain = try SegmentDescription(centroid: Array(repeating: 0.1, count: schema.count), schema: schema)
        #expect(plain.description == "close to the average on every feature")
        #expect(plain.label == "close to the average")
        let shop = try SegmentDescription(centroid: [0, 0, 2, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0], schema: .commerce)
        #expect(shop.description == "spends a lot (+2.0σ); less fashion (-1.0σ)")
    }
}
