import ConfideClient
import ConfideCoordinator
import ConfideCrypto
import ConfideML
import ConfidePolicy
import ConfideProtocol
import ConfideStore
import Foundation
import HummingbirdTesting
import Testing

@Suite("Personalization on the device: segments in real time, recommendations, fallbacks")
struct DevicePersonalizationTests {
    /// A transport for devices that personalize from installed models only: any request is a failure.
    struct Offline: CoordinatorTransport {
        struct Unreachable: Error {}
        func send(method: String, target: String, headers: [(String, String)], body: [UInt8]) async throws -> (status: Int, body: [UInt8]) {
            throw Unreachable()
        }
    }

    private let coordinator = try! IdentityKey()
    private let schema = FeatureSchema.movieLensUser

    /// A signed K-Means model whose normalization is the identity on bounded features (mean 0,
    /// deviation 1), so each centroid is a bounded feature vector, clamp 3.
    private func kmeansModel(_ centroids: [[Double]], sizes: [Double]? = nil, version: Int64 = 7) throws -> [UInt8] {
        var metadata = ["features": schema.identifier, "clusters": String(centroids.count), "feature_clamp": "3"]
        if let sizes { metadata["segment_sizes"] = sizes.map { String($0) }.joined(separator: ",") }
        let d = schema.count
        return try ModelDocument(task: "kmeans", version: version, metadata: metadata,
                                 parameters: Array(repeating: 0, count: d) + Array(repeating: 1, count: d) + centroids.flatMap { $0 })
            .signed(by: coordinator)
    }

    private func bounded(_ data: DeviceData) throws -> [Double] {
        try schema.bounded(try #require(data.features[schema.identifier]?.first))
    }

    @Test("A new rating re-places the device at once, without a round trip, and says it changed since the model")
    func reassignsOnNewData() async throws {
        let fixture = try await CoordinatorFixture.make()
        defer { fixture.remove() }
        let (device, _, before) = try await TestPopulation.deviceWithData(3, transport: Offline(), policy: fixture.store.policy)
        // The ratings the user adds: every film they have not rated yet, one star each.
        let rated = Set(TestPopulation.ratings(of: 3).map(\.item))
        let added = (1...TestPopulation.items).filter { !rated.contains($0) }.map { item -> [String: JSONValue] in
            ["movie_id": .integer(Int64(item)), "rating": .integer(1), "timestamp": .integer(TestPopulation.referenceTime)]
        }
        let rebuild: @Sendable ([StoredRecord]) throws -> DeviceData = { records in
            try DeviceDataBuilder.movieLens(records: records, user: 3, catalog: TestPopulation.catalog, genres: TestPopulation.genres,
                                            referenceTime: TestPopulation.referenceTime, splitSeed: 1)
        }
        // What the device's features will be once it has those ratings, built the same way in a scratch store.
        let scratch = try await DeviceLocalStore.open(location: .sqlite(path: ":memory:"), policy: fixture.store.policy, subjectID: "scratch")
        try await scratch.ingest(TestPopulation.ratings(of: 3).map { rating in
            ["movie_id": .integer(Int64(rating.item)), "rating": .integer(Int64(rating.value)), "timestamp": .integer(rating.timestamp)]
        } + added, kind: "rating")
        let after = try rebuild(try await scratch.records())
        await scratch.close()

        // Segment 0 sits on the device's features now, segment 1 on its features after the new ratings.
        try await device.installModel(try kmeansModel([try bounded(before), try bounded(after)], sizes: [40, 12.5]), signedBy: coordinator.publicKey)
        let first = try await device.segment()
        #expect(first.index == 0 && !first.changedSinceModel && first.modelVersion == 7)
        #expect(first.place.map(\.node) == [2, 0])
        #expect(first.place.map(\.weight) == [52.5, 40])

        let moved = try #require(try await device.ingest(added, kind: "rating", rebuild: rebuild))
        #expect(moved.index == 1)
        #expect(moved.changedSinceModel && moved.segmentAtModel == 0)
        #expect(try await device.segment() == moved)
        #expect(after.training!.count + after.test!.count == TestPopulation.items)
        await device.close()
        await fixture.close()
    }

    @Test("Recommendations never include a film the user rated, held-out ones included; too few ratings fall back to popularity")
    func recommendationsAndFallbacks() async throws {
        let layout = try FederatedMF(items: TestPopulation.items, factors: 2)
        let model = layout.initialModel(globalMean: 3.5, deviation: 0.5, seed: 3)
        let signed = try ModelDocument(task: "mf", version: 4, metadata: ["items": String(layout.items), "factors": "2", "regularization": "0.1"],
                                       parameters: [model.globalMean] + model.parameters).signed(by: coordinator)
        let (rich, _, data) = try await TestPopulation.deviceWithData(5, transport: Offline(), policy: try PolicyLoader.load(CoordinatorFixture.policiesFolder))
        try await rich.installModel(signed, signedBy: coordinator.publicKey)
        let seen = Set((data.training!.items + data.test!.items).map(Int.init))
        #expect(seen.count >= 5)
        let top = try await rich.recommendations(count: TestPopulation.items)
        #expect(top.count == TestPopulation.items - seen.count)
        #expect(top.allSatisfy { !seen.contains($0.item) && $0.source == .collaborative })
        #expect(top.map(\.score) == top.map(\.score).sorted(by: >))

        // A device with two ratings: its segment's popular films first, then the overall ones.
        let sparse = try Device(identity: IdentityKey(), transport: Offline(), local: nil, data: DeviceData(
            features: [schema.identifier: [[2, 4, 1, 10, 5] + Array(repeating: 0.1, count: MovieLens.genres.count)]],
            training: try LocalRatings(items: [0, 1], values: [4, 5], itemCount: layout.items)))
        try await sparse.installModel(signed, signedBy: coordinator.publicKey)
        try await sparse.installModel(try kmeansModel([Array(repeating: 0, count: schema.count), Array(repeating: 1, count: schema.count)]),
                                      signedBy: coordinator.publicKey)
        #expect(try await sparse.segment().index == 0)
        var segmentCounts = [[Double]](repeating: Array(repeating: 0, count: layout.items), count: 2)
        segmentCounts[0][1] = 9; segmentCounts[0][7] = 5; segmentCounts[1][8] = 50
        var overall = [Double](repeating: 0, count: layout.items)
        overall[0] = 30; overall[8] = 20; overall[7] = 10; overall[3] = 5
        await sparse.usePopularity(try ItemPopularity(overall: overall, bySegment: segmentCounts))
        let cold = try await sparse.recommendations(count: 3)
        #expect(cold.map(\.item) == [7, 8, 3])
        #expect(cold.map(\.source) == [.segmentPopular, .popular, .popular])
        await rich.close()
    }

    @Test("Models must carry the coordinator's signature; a device without a model says so")
    func refusesUnsignedModels() async throws {
        let device = try Device(identity: IdentityKey(), transport: Offline(), local: nil, data: DeviceData())
        // Flipping the last byte always changes it (setting it to 0 left a 1-in-256 chance of
        // "forging" the genuine document).
        var forged = try kmeansModel([Array(repeating: 0, count: schema.count)])
        forged[forged.count - 1] ^= 0xFF
        await #expect(throws: ProtocolError.self) { try await device.installModel(forged, signedBy: coordinator.publicKey) }
        await #expect(throws: PersonalizationError.self) { try await device.segment() }
        await #expect(throws: PersonalizationError.self) { try await device.recommendations(count: 3) }
        // A K-Means model published before its first Lloyd round has statistics only.
        let early = try ModelDocument(task: "kmeans", version: 1, metadata: ["features": schema.identifier, "clusters": "2"],
                                      parameters: Array(repeating: 0.5, count: 2 * schema.count)).signed(by: coordinator)
        do {
            try await device.installModel(early, signedBy: coordinator.publicKey)
            Issue.record("a K-Means model without centroids was installed")
        } catch let error as PersonalizationError {
            #expect(error.kind == .noModel)
        }
        try await device.installModel(try kmeansModel([Array(repeating: 0, count: schema.count), Array(repeating: 1, count: schema.count)]),
                                      signedBy: coordinator.publicKey)
        do {
            _ = try await device.segment()
            Issue.record("a device without features was placed in a segment")
        } catch {
            #expect(error.kind == .noData)
        }
    }

    @Test("A trained K-Means model carries its sizes and Ward tree; a device downloads it and places itself")
    func publishedTreeEndToEnd() async throws {
        let fixture = try await CoordinatorFixture.make()
        defer { fixture.remove() }
        let status = try await EndToEndRouterTests.train(fixture, devices: 8, job: StartJobRequest(
            task: .kmeans, features: .movieLensUser, rounds: 2, clusters: 3, samplingRate: 1)).status
        #expect(status.state == .completed, "\(status.reason ?? "")")
        let stored = try #require(try await fixture.store.latestModel(task: .kmeans))
        let document = try ModelDocument(verifying: stored.parameters, with: fixture.keys.signingKey.publicKey)
        let published = try PublishedSegments(document)
        #expect(document.header.metadata["segment_sizes"]?.split(separator: ",").count == 3)
        #expect(document.header.metadata["segment_tree"] != nil)
        #expect(published.tree == (try WardTree(centroids: published.model.centroids, weights: published.model.weights)))
        let app = fixture.coordinator.application()
        try await app.test(.router) { client in
            let transport = RouterTransport(client: client)
            let (device, subject, data) = try await TestPopulation.deviceWithData(20, transport: transport, policy: fixture.store.policy)
            try await device.enrol(subject, via: transport)
            #expect(try await device.refreshModels() == ["kmeans"])
            let segment = try await device.segment()
            let expected = try published.model.assign(try #require(data.features[schema.identifier]?.first)).segment
            #expect(segment.index == expected)
            #expect(segment.place.first?.node == published.tree.root && segment.place.last?.node == expected)
            await device.close()
        }
        await fixture.close()
    }
}
