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

    /// Every route the coordinator serves, one per ``Endpoint``; docs/openapi.yaml documents exactly these (a test checks).
    public static let routes: [Route] = Endpoint.allCases.map(\.route)

    typealias Handler = @Sendable (Request, CoordinatorRequestContext) async throws -> Response

    /// The router: every route of ``routes`` behind the middleware its access requires.
    public func router() -> Router<CoordinatorRequestContext> {
        let router = Router(context: CoordinatorRequestContext.self)
        router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
        router.add(middleware: APIErrorMiddleware())
        router.add(middleware: MethodNotAllowedMiddleware(routes: Self.routes))
        let handler = handlers()
        let signed = router.group().add(middleware: DeviceAuthenticationMiddleware(
            directory: directory, replays: replays, maxBodyBytes: configuration.maxBodyBytes, startedAt: startedAt,
            clock: clock))
        let admin = router.group().add(middleware: AdminAuthenticationMiddleware(token: adminToken))
        for endpoint in Endpoint.allCases {
            let route = endpoint.route
            let path = RouterPath(stringLiteral: route.path.replacingOccurrences(of: "{", with: ":").replacingOccurrences(of: "}", with: ""))
            let method: HTTPRequest.Method = route.method == "POST" ? .post : .get
            switch route.access {
            case .open, .enrolment: router.on(path, method: method, use: handler(endpoint))
            case .device: signed.on(path, method: method, use: handler(endpoint))
            case .admin: admin.on(path, method: method, use: handler(endpoint))
            }
        }
        return router
    }

    /// The handler of each endpoint (an exhaustive switch: a new endpoint needs one).
    private func handlers() -> @Sendable (Endpoint) -> Handler {
        let devices = DeviceRoutes(store: store, engine: engine, keys: keys, directory: directory, replays: replays,
                                   limiter: limiter, maxOpenBodyBytes: configuration.maxOpenBodyBytes, startedAt: startedAt,
                                   clock: clock)
        let rounds = RoundRoutes(engine: engine)
        let admin = AdminRoutes(store: store, engine: engine, noise: configuration.differentialPrivacyNoise)
        let metrics = self.metrics
        return { endpoint in
            switch endpoint {
            case .health: { _, _ in try HTTPReply.json(["status": "ok"]) }
            case .metrics: { _, _ in
                Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                         body: .init(byteBuffer: ByteBuffer(bytes: metrics.render())))
            }
            case .register: devices.register
            case .deviceConsent: devices.consent
            case .checkIn: devices.checkIn
            case .wipe: devices.wipe
            case .model: devices.model
            case .work: rounds.work
            case .stage: rounds.stage
            case .advertise: rounds.advertise
            case .neighbourKeys: rounds.neighbourKeys
            case .postShares: rounds.postShares
            case .getShares: rounds.getShares
            case .receipt: rounds.receipt
            case .partners: rounds.partners
            case .input: rounds.input
            case .contributors: rounds.contributors
            case .consistency: rounds.consistency
            case .getUnmask: rounds.getUnmask
            case .postUnmask: rounds.postUnmask
            case .startJob: admin.startJob
            case .currentJob: admin.job
            case .createSchedule: admin.createSchedule
            case .schedules: admin.schedules
            case .cancelSchedule: admin.cancelSchedule
            case .rounds: admin.rounds
            case .devices: admin.devices
            case .privacy: admin.privacy
            case .integrity: admin.integrity
            case .audit: admin.audit
            case .enrol: admin.enrol
            case .exportSubject: admin.export
            case .eraseSubject: admin.erase
            case .adminConsent: admin.consentChange
            case .adminConsentShow: admin.consentShow
            }
        }
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
