import ConfideClient
import ConfideCoordinator
import ConfideCrypto
import ConfideML
import ConfidePolicy
import ConfideProtocol
import ConfideStore
import Foundation
import Logging

/// A coordinator over a fresh SQLite store in a temporary folder, with the shipped policy
/// adjusted for a handful of devices.
struct CoordinatorFixture {
    static let adminToken = "test-admin-token-0123456789"
    static let policiesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("policies").path

    let folder: URL
    let store: ConfideStore
    let keys: StoreKeys
    let coordinator: Coordinator

    /// Opens a fixture; `minCohort`, `budget` and `sigma` override the policy's training limits.
    static func make(minCohort: Int = 3, budget: Double = 60, sigma: Double = 3, noise: Bool = true,
                     stageTimeout: Duration = .seconds(5), storeFolder: URL? = nil, keys: StoreKeys? = nil,
                     maxDevicesPerSubject: Int = 5,
                     configure: (inout CoordinatorConfiguration) -> Void = { _ in }) async throws -> CoordinatorFixture {
        let folder = storeFolder ?? FileManager.default.temporaryDirectory.appendingPathComponent("confide-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var policy = try PolicyLoader.load(policiesFolder)
        policy.training.minCohort = minCohort
        policy.training.epsilonBudget = budget
        policy.training.noiseMultiplier = sigma
        policy.training.maxDevicesPerSubject = maxDevicesPerSubject
        let keys = try keys ?? StoreKeys.generate()
        var logger = Logger(label: "confide.test")
        logger.logLevel = .warning
        let store = try await ConfideStore.open(.sqlite(path: folder.appendingPathComponent("coordinator.sqlite").path),
                                                policy: policy, keys: keys, logger: logger)
        var configuration = CoordinatorConfiguration()
        configuration.stageTimeout = stageTimeout
        configuration.longPoll = .seconds(1)
        configuration.differentialPrivacyNoise = noise
        configure(&configuration)
        let coordinator = try await Coordinator.start(store: store, keys: keys, adminToken: AdminToken(adminToken),
                                                      configuration: configuration, logger: logger)
        return CoordinatorFixture(folder: folder, store: store, keys: keys, coordinator: coordinator)
    }

    /// Opens the store in `folder` alone (no coordinator), runs `body` on it and closes it.
    static func withStore(folder: URL, keys: StoreKeys, _ body: (ConfideStore) async throws -> Void) async throws {
        let store = try await ConfideStore.open(.sqlite(path: folder.appendingPathComponent("coordinator.sqlite").path),
                                                policy: try PolicyLoader.load(policiesFolder), keys: keys)
        do {
            try await body(store)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    /// Stops the engine and closes the store.
    func close() async {
        await coordinator.engine.shutdown()
        await store.close()
    }

    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }
}

/// Small generated users with a planted rating structure: enough for rounds to mean something.
enum TestPopulation {
    static let items = 24
    static let genres: [Int: UInt32] = Dictionary(uniqueKeysWithValues: (1...items).map { ($0, UInt32(1) << UInt32($0 % 19)) })
    static let referenceTime: Int64 = 1_000_000_000
    static let catalog = IDIndex(distinct: Array(1...items))

    /// The ratings of user `user`.
    static func ratings(of user: Int) -> [Rating] {
        var generator = SeededGenerator(seed: 7, stream: UInt64(user))
        let taste = Double(user % 3) - 1
        return (1...items).filter { _ in generator.nextUnit() < 0.6 }.map { item in
            let appeal = Double(item % 4) - 1.5
            let score = min(5, max(1, (3 + taste * appeal + generator.nextGaussian() * 0.5).rounded()))
            return Rating(user: user, item: item, value: score, timestamp: referenceTime - Int64(item) * 86_400)
        }
    }

    /// A device of user `user`, with its own in-memory local store holding its ratings.
    static func device(_ user: Int, transport: any CoordinatorTransport, policy: Policy) async throws -> (Device, String) {
        let (device, subject, _) = try await deviceWithData(user, transport: transport, policy: policy)
        return (device, subject)
    }

    /// A device of user `user` and the training data it prepared.
    static func deviceWithData(_ user: Int, transport: any CoordinatorTransport, policy: Policy) async throws -> (Device, String, DeviceData) {
        let subject = "user-\(user)"
        let local = try await DeviceLocalStore.open(location: .sqlite(path: ":memory:"), policy: policy, subjectID: subject)
        try await local.ingest(ratings(of: user).map { rating in
            ["movie_id": .integer(Int64(rating.item)), "rating": .integer(Int64(rating.value)), "timestamp": .integer(rating.timestamp)]
        }, kind: "rating")
        let data = try DeviceDataBuilder.movieLens(records: await local.records(), user: user, catalog: catalog, genres: genres,
                                                   referenceTime: referenceTime, splitSeed: 1)
        return (try Device(identity: IdentityKey(), transport: transport, local: local, data: data), subject, data)
    }
}
