import ConfideClient
import ConfideCoordinator
import ConfideCrypto
import ConfideML
import ConfideProtocol
import ConfideStore
import Foundation
import HummingbirdTesting
import Testing

@Suite("Item popularity: the federated histogram task")
struct PopularityHistogramTests {
    /// Runs `jobs` one after the other with devices of users `0..<count`; all consent to
    /// segmentation, only `recommending` to recommendations. Then a fresh device (user 40)
    /// enrols, downloads the models and returns its first `fallbacks` recommendations.
    static func run(_ fixture: CoordinatorFixture, count: Int, recommending: Set<Int>, jobs: [StartJobRequest])
        async throws -> (statuses: [JobStatus], data: [DeviceData], devices: [DeviceID], fresh: [Recommendation]) {
        let app = fixture.coordinator.application()
        return try await app.test(.router) { client in
            let transport = RouterTransport(client: client)
            var devices: [Device] = [], data: [DeviceData] = []
            for user in 0..<count {
                let (device, subject, prepared) = try await TestPopulation.deviceWithData(user, transport: transport, policy: fixture.store.policy)
                try await device.enrol(subject, via: transport)
                try await device.setConsent(purpose: "segmentation", granted: true)
                if recommending.contains(user) { try await device.setConsent(purpose: "recommendations", granted: true) }
                devices.append(device)
                data.append(prepared)
            }
            let flag = DeviceFleet.StopFlag()
            async let fleet: Void = DeviceFleet.run(devices, until: flag)
            var statuses: [JobStatus] = []
            var failure: (any Error)?
            do {
                for job in jobs {
                    _ = try await fixture.coordinator.engine.startJob(job)
                    while await fixture.coordinator.engine.jobStatus()?.state == .running { try await Task.sleep(for: .milliseconds(50)) }
                    statuses.append(try #require(await fixture.coordinator.engine.jobStatus()))
                }
            } catch {
                failure = error
                await fixture.coordinator.engine.shutdown()
            }
            await flag.stop()
            await fleet
            for device in devices { await device.close() }
            if let failure { throw failure }
            // A newcomer with a single rating gets its segment's popular films from the histogram.
            let newcomer = try Device(identity: IdentityKey(), transport: transport, local: nil, data: DeviceData(
                features: data[0].features, training: try LocalRatings(items: [0], values: [4], itemCount: TestPopulation.items)))
            try await newcomer.enrol("user-40", via: transport)
            try await newcomer.refreshModels()
            return (statuses, data, devices.map(\.id), try await newcomer.recommendations(count: 5))
        }
    }

    @Test("Without noise the histogram is the exact count of consenting devices' ratings, overall and per segment")
    func exactCountsAndConsent() async throws {
        let fixture = try await CoordinatorFixture.make(noise: false)
        defer { fixture.remove() }
        let recommending: Set<Int> = [0, 1, 2, 3, 4, 5]
        let (statuses, data, devices, fresh) = try await Self.run(fixture, count: 8, recommending: recommending, jobs: [
            StartJobRequest(task: .kmeans, features: .movieLensUser, rounds: 1, clusters: 2, samplingRate: 1),
            StartJobRequest(task: .histogram, rounds: 1, items: TestPopulation.items, samplingRate: 1),
        ])
        #expect(statuses.map(\.state) == [.completed, .completed], "\(statuses.compactMap(\.reason))")
        // Only devices whose users consented to recommendations took part.
        let counted = try await fixture.store.allParticipations().filter { $0.task == .histogram }
        #expect(Set(counted.map(\.deviceID)) == Set(recommending.map { devices[$0].rawValue }))
        #expect(counted.allSatisfy { $0.purpose == "recommendations" })

        let key = fixture.keys.signingKey.publicKey
        let kmeans = try PublishedSegments(ModelDocument(verifying: try #require(try await fixture.store.latestModel(task: .kmeans)).parameters, with: key))
        let histogram = try PublishedPopularity(ModelDocument(verifying: try #require(try await fixture.store.latestModel(task: .histogram)).parameters, with: key))
        #expect(histogram.kmeansVersion == kmeans.version)
        let users = recommending.sorted()
        let segments = try users.map { try kmeans.model.assign(try #require(data[$0].features[FeatureSet.movieLensUser.rawValue]?.first)).segment }
        let exact = try ItemPopularity(users: users.map { data[$0].training! }, items: TestPopulation.items, segments: segments, clusters: 2)
        let largest = zip(histogram.popularity.overall + histogram.popularity.bySegment.joined(), exact.overall + exact.bySegment.joined())
            .map { abs($0 - $1) }.max() ?? .infinity
        #expect(largest < 1e-3, "largest difference \(largest)")
        // The newcomer's single rating makes it a cold start: its segment's counts first.
        let segment = try kmeans.model.assign(try #require(data[0].features[FeatureSet.movieLensUser.rawValue]?.first)).segment
        #expect(fresh.first?.source == .segmentPopular)
        #expect(fresh.allSatisfy { $0.item != 0 })
        // Quantization may reorder equal counts, so the first film must have the largest count, not a given index.
        let first = try #require(fresh.first?.item)
        #expect(exact.bySegment[segment][first] == exact.bySegment[segment].indices.filter { $0 != 0 }.map { exact.bySegment[segment][$0] }.max())
        await fixture.close()
    }

    @Test("With noise the histogram round is charged to the budget and its counts are noised")
    func noisedAndCharged() async throws {
        let fixture = try await CoordinatorFixture.make()
        defer { fixture.remove() }
        let (statuses, data, _, _) = try await Self.run(fixture, count: 5, recommending: [0, 1, 2, 3, 4], jobs: [
            StartJobRequest(task: .histogram, rounds: 1, items: TestPopulation.items, samplingRate: 1),
        ])
        let status = try #require(statuses.first)
        #expect(status.state == .completed, "\(status.reason ?? "")")
        #expect(status.rounds.count == 1 && status.rounds[0].epsilon > 0 && status.rounds[0].epsilon.isFinite)
        let spent = try await fixture.coordinator.engine.epsilonSpent()
        #expect(spent > 0 && spent <= 60)
        let stored = try #require(try await fixture.store.latestModel(task: .histogram))
        let histogram = try PublishedPopularity(ModelDocument(verifying: stored.parameters, with: fixture.keys.signingKey.publicKey))
        // No K-Means model yet: an overall block only.
        #expect(histogram.popularity.bySegment.isEmpty && histogram.kmeansVersion == nil)
        let exact = try ItemPopularity(users: data.map { $0.training! }, items: TestPopulation.items)
        #expect(histogram.popularity.overall != exact.overall, "no noise was added")
        await fixture.close()
    }
}
