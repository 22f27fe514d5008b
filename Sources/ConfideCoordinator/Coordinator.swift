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
    let limiter: RegistrationLimiter
    /// Unix milliseconds at start: requests signed earlier are refused, since the nonces
    /// that would reveal their replay were forgotten with the previous process.
    let startedAt: Int64
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
                           metrics: metrics, directory: StoreDeviceDirectory(store: store),
                           limiter: RegistrationLimiter(limits: configuration.registrationLimits),
                           startedAt: clock(), adminToken: adminToken, logger: logger, clock: clock)
    }

    /// Who may call a route.
    public enum Access: String, Sendable {
        /// Anyone (health, metrics).
        case open
        /// A device signing with the key it registers, holding an enrolment code (registration).
        case enrolment
        /// A registered device, by signature.
        case device
        /// An admin, by bearer token.
        case admin
    }

    /// One route of the API.
    public struct Route: Hashable, Sendable {
        /// `GET` or `POST`.
        public let method: String
        /// The path, with `{name}` for parameters (as in docs/openapi.yaml).
        public let path: String
        /// Who may call it.
        public let access: Access
    }

    /// Every route the coordinator serves; docs/openapi.yaml documents exactly these (a test checks).
    public static let routes: [Route] = [
        Route(method: "GET", path: "/healthz", access: .open),
        Route(method: "GET", path: "/metrics", access: .open),
        Route(method: "POST", path: Routes.devices, access: .enrolment),
        Route(method: "POST", path: Routes.consent, access: .device),
        Route(method: "POST", path: Routes.checkIn, access: .device),
        Route(method: "POST", path: Routes.wipe, access: .device),
        Route(method: "GET", path: Routes.model("{task}"), access: .device),
        Route(method: "GET", path: Routes.work("{id}"), access: .device),
        Route(method: "GET", path: Routes.stage("{id}"), access: .device),
        Route(method: "POST", path: Routes.advertise("{id}"), access: .device),
        Route(method: "GET", path: Routes.neighbourKeys("{id}"), access: .device),
        Route(method: "POST", path: Routes.shares("{id}"), access: .device),
        Route(method: "GET", path: Routes.shares("{id}"), access: .device),
        Route(method: "POST", path: Routes.receipt("{id}"), access: .device),
        Route(method: "GET", path: Routes.partners("{id}"), access: .device),
        Route(method: "POST", path: Routes.input("{id}"), access: .device),
        Route(method: "GET", path: Routes.contributors("{id}"), access: .device),
        Route(method: "POST", path: Routes.consistency("{id}"), access: .device),
        Route(method: "GET", path: Routes.unmask("{id}"), access: .device),
        Route(method: "POST", path: Routes.unmask("{id}"), access: .device),
        Route(method: "POST", path: "/admin/v1/jobs", access: .admin),
        Route(method: "GET", path: "/admin/v1/jobs/current", access: .admin),
        Route(method: "POST", path: "/admin/v1/schedules", access: .admin),
        Route(method: "GET", path: "/admin/v1/schedules", access: .admin),
        Route(method: "POST", path: "/admin/v1/schedules/{id}/cancel", access: .admin),
        Route(method: "GET", path: "/admin/v1/rounds", access: .admin),
        Route(method: "GET", path: "/admin/v1/privacy", access: .admin),
        Route(method: "GET", path: "/admin/v1/integrity", access: .admin),
        Route(method: "GET", path: "/admin/v1/audit", access: .admin),
        Route(method: "POST", path: "/admin/v1/enrolments", access: .admin),
        Route(method: "POST", path: "/admin/v1/subjects/export", access: .admin),
        Route(method: "POST", path: "/admin/v1/subjects/erase", access: .admin),
        Route(method: "POST", path: "/admin/v1/consent", access: .admin),
        Route(method: "POST", path: "/admin/v1/consent/show", access: .admin),
    ]

    typealias Handler = @Sendable (Request, CoordinatorRequestContext) async throws -> Response

    /// The router: every route of ``routes`` behind the middleware its access requires.
    public func router() -> Router<CoordinatorRequestContext> {
        let router = Router(context: CoordinatorRequestContext.self)
        router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
        router.add(middleware: APIErrorMiddleware())
        router.add(middleware: MethodNotAllowedMiddleware(routes: Self.routes))
        let handlers = self.handlers()
        let signed = router.group().add(middleware: DeviceAuthenticationMiddleware(
            directory: directory, replays: replays, maxBodyBytes: configuration.maxBodyBytes, startedAt: startedAt,
            clock: clock))
        let admin = router.group().add(middleware: AdminAuthenticationMiddleware(token: adminToken))
        for route in Self.routes {
            guard let handler = handlers[route] else { continue }
            let path = RouterPath(stringLiteral: route.path.replacingOccurrences(of: "{", with: ":").replacingOccurrences(of: "}", with: ""))
            let method: HTTPRequest.Method = route.method == "POST" ? .post : .get
            switch route.access {
            case .open, .enrolment: router.on(path, method: method, use: handler)
            case .device: signed.on(path, method: method, use: handler)
            case .admin: admin.on(path, method: method, use: handler)
            }
        }
        return router
    }

    private func handlers() -> [Route: Handler] {
        let devices = DeviceRoutes(store: store, engine: engine, keys: keys, directory: directory, replays: replays,
                                   limiter: limiter, maxOpenBodyBytes: configuration.maxOpenBodyBytes, startedAt: startedAt,
                                   clock: clock)
        let rounds = RoundRoutes(engine: engine)
        let admin = AdminRoutes(store: store, engine: engine, noise: configuration.differentialPrivacyNoise)
        let metrics = self.metrics
        let table: [(String, String, Handler)] = [
            ("GET", "/healthz", { _, _ in try HTTPReply.json(["status": "ok"]) }),
            ("GET", "/metrics", { _, _ in
                Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                         body: .init(byteBuffer: ByteBuffer(bytes: metrics.render())))
            }),
            ("POST", Routes.devices, devices.register),
            ("POST", Routes.consent, devices.consent),
            ("POST", Routes.checkIn, devices.checkIn),
            ("POST", Routes.wipe, devices.wipe),
            ("GET", Routes.model("{task}"), devices.model),
            ("GET", Routes.work("{id}"), rounds.work),
            ("GET", Routes.stage("{id}"), rounds.stage),
            ("POST", Routes.advertise("{id}"), rounds.advertise),
            ("GET", Routes.neighbourKeys("{id}"), rounds.neighbourKeys),
            ("POST", Routes.shares("{id}"), rounds.postShares),
            ("GET", Routes.shares("{id}"), rounds.getShares),
            ("POST", Routes.receipt("{id}"), rounds.receipt),
            ("GET", Routes.partners("{id}"), rounds.partners),
            ("POST", Routes.input("{id}"), rounds.input),
            ("GET", Routes.contributors("{id}"), rounds.contributors),
            ("POST", Routes.consistency("{id}"), rounds.consistency),
            ("GET", Routes.unmask("{id}"), rounds.getUnmask),
            ("POST", Routes.unmask("{id}"), rounds.postUnmask),
            ("POST", "/admin/v1/jobs", admin.startJob),
            ("GET", "/admin/v1/jobs/current", admin.job),
            ("POST", "/admin/v1/schedules", admin.createSchedule),
            ("GET", "/admin/v1/schedules", admin.schedules),
            ("POST", "/admin/v1/schedules/{id}/cancel", admin.cancelSchedule),
            ("GET", "/admin/v1/rounds", admin.rounds),
            ("GET", "/admin/v1/privacy", admin.privacy),
            ("GET", "/admin/v1/integrity", admin.integrity),
            ("GET", "/admin/v1/audit", admin.audit),
            ("POST", "/admin/v1/enrolments", admin.enrol),
            ("POST", "/admin/v1/subjects/export", admin.export),
            ("POST", "/admin/v1/subjects/erase", admin.erase),
            ("POST", "/admin/v1/consent", admin.consentChange),
            ("POST", "/admin/v1/consent/show", admin.consentShow),
        ]
        var handlers: [Route: Handler] = [:]
        for (method, path, handler) in table {
            guard let route = Self.routes.first(where: { $0.method == method && $0.path == path }) else { continue }
            handlers[route] = handler
        }
        return handlers
    }

    /// The HTTP application, with the engine and retention purges as services.
    public func application() -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "confide-coordinator",
                backlog: 4_096),
            services: [EngineService(engine: engine), RetentionService(store: store, logger: logger),
                       ScheduleService(store: store, engine: engine, logger: logger, tick: configuration.scheduleTick)],
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
