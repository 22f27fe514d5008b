import ConfideProtocol
import ConfideStore
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// The coordinator: the HTTP device and admin APIs over a store and a round engine.
///
/// ``application()`` returns a Hummingbird application whose service group also stops the
/// round engine and runs retention purges; run it with `runService()` for graceful
/// shutdown on SIGTERM and SIGINT.
public struct Coordinator: Sendable {
    /// The store everything goes through.
    public let store: ConfideStore
    /// The round engine.
    public let engine: RoundEngine
    /// The coordinator's keys.
    public let keys: CoordinatorKeys
    /// Settings.
    public let configuration: CoordinatorConfiguration
    /// Prometheus metrics.
    public let metrics: CoordinatorMetrics
    let directory: StoreDeviceDirectory
    let replays = ReplayRegistry()
    let adminToken: AdminToken?
    let logger: Logger
    let clock: @Sendable () -> Int64

    /// A coordinator over an open store; recovers rounds a previous process left open.
    public static func start(store: ConfideStore, keys: StoreKeys, adminToken: AdminToken?,
                             configuration: CoordinatorConfiguration = CoordinatorConfiguration(),
                             logger: Logger = Logger(label: "confide.coordinator"),
                             clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) })
        async throws -> Coordinator {
        let coordinatorKeys = try CoordinatorKeys(storeKeys: keys)
        let metrics = CoordinatorMetrics()
        let engine = try RoundEngine(store: store, keys: coordinatorKeys, configuration: configuration, metrics: metrics,
                                     logger: logger)
        try await engine.recover()
        if !configuration.differentialPrivacyNoise {
            logger.warning("differential-privacy noise is OFF: rounds carry no privacy guarantee and are recorded with ε = ∞")
        }
        if adminToken == nil {
            logger.warning("no admin token configured: every admin request will be refused")
        }
        return Coordinator(store: store, engine: engine, keys: coordinatorKeys, configuration: configuration,
                           metrics: metrics, directory: StoreDeviceDirectory(store: store), adminToken: adminToken,
                           logger: logger, clock: clock)
    }

    /// The router with every route and middleware.
    public func router() -> Router<CoordinatorRequestContext> {
        let router = Router(context: CoordinatorRequestContext.self)
        router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
        router.add(middleware: APIErrorMiddleware())
        router.get("/healthz") { _, _ in try HTTPReply.json(["status": "ok"]) }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: .init(byteBuffer: ByteBuffer(bytes: metrics.render())))
        }

        let devices = DeviceRoutes(store: store, engine: engine, keys: keys, directory: directory, replays: replays,
                                   maxBodyBytes: configuration.maxBodyBytes, clock: clock)
        router.post(RouterPath(stringLiteral: Routes.devices), use: devices.register)
        let signed = router.group("v1").add(middleware: DeviceAuthenticationMiddleware(
            directory: directory, replays: replays, maxBodyBytes: configuration.maxBodyBytes, clock: clock))
        signed.post("consent", use: devices.consent)
        signed.post("checkin", use: devices.checkIn)
        signed.post("wipe", use: devices.wipe)
        signed.get("models/:task", use: devices.model)

        let rounds = RoundRoutes(engine: engine)
        signed.get("rounds/:id/work", use: rounds.work)
        signed.get("rounds/:id/stage", use: rounds.stage)
        signed.post("rounds/:id/advertise", use: rounds.advertise)
        signed.get("rounds/:id/neighbour-keys", use: rounds.neighbourKeys)
        signed.post("rounds/:id/shares", use: rounds.postShares)
        signed.get("rounds/:id/shares", use: rounds.getShares)
        signed.post("rounds/:id/input", use: rounds.input)
        signed.get("rounds/:id/unmask", use: rounds.getUnmask)
        signed.post("rounds/:id/unmask", use: rounds.postUnmask)

        let admin = AdminRoutes(store: store, engine: engine, noise: configuration.differentialPrivacyNoise)
        let adminGroup = router.group("admin/v1").add(middleware: AdminAuthenticationMiddleware(token: adminToken))
        adminGroup.post("jobs", use: admin.startJob)
        adminGroup.get("jobs/current", use: admin.job)
        adminGroup.get("rounds", use: admin.rounds)
        adminGroup.get("privacy", use: admin.privacy)
        adminGroup.get("integrity", use: admin.integrity)
        adminGroup.post("subjects/export", use: admin.export)
        adminGroup.post("subjects/erase", use: admin.erase)
        adminGroup.post("consent", use: admin.consentChange)
        adminGroup.post("consent/show", use: admin.consentShow)
        return router
    }

    /// The HTTP application, with the engine and retention purges as services.
    public func application() -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "confide-coordinator",
                backlog: 4_096),
            services: [EngineService(engine: engine), RetentionService(store: store, logger: logger)],
            logger: logger)
    }
}

/// Stops the round engine on graceful shutdown: the open round is aborted, never half-applied.
struct EngineService: Service {
    let engine: RoundEngine

    func run() async throws {
        try? await gracefulShutdown()
        await engine.shutdown()
    }
}

/// Purges data past its purpose's retention once at start and then every 24 hours.
struct RetentionService: Service {
    let store: ConfideStore
    let logger: Logger
    var interval: Duration = .seconds(86_400)

    func run() async throws {
        while !Task.isShuttingDownGracefully {
            do {
                let report = try await store.purge(at: Date(), dryRun: false)
                logger.info("retention purge done", metadata: ["records": "\(report.total)"])
            } catch {
                logger.error("retention purge failed", metadata: ["error.type": "\(type(of: error))"])
            }
            let interval = self.interval
            _ = try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
