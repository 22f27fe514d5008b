import ArgumentParser
import ConfideCoordinator
import ConfideStore
import Foundation
import Hummingbird
import Logging

/// `confide-coordinator serve`: the coordinator's HTTP server.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the coordinator: device API, admin API, /healthz and /metrics; stops gracefully on SIGTERM or SIGINT.")

    @OptionGroup var store: StoreOptions

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(name: .customLong("admin-token-file"),
            help: "File holding the admin bearer token (else $\(AdminToken.environmentVariable); without either, admin requests are refused).")
    var adminTokenFile: String?
    @Option(name: .customLong("stage-timeout"), help: "Seconds a secure-aggregation stage waits for missing devices.")
    var stageTimeout = 30.0
    @Option(name: .customLong("stage-quorum"),
            help: "Share of a round's devices whose answers let a stage close early, before its timeout (1: never early).")
    var stageQuorum = 0.8
    @Option(name: .customLong("max-body-bytes"), help: "Largest device request body accepted.")
    var maxBodyBytes = 16 << 20
    @Flag(name: .customLong("no-dp-noise"),
          help: "Devices add no differential-privacy noise. For utility measurements on public data only: rounds are recorded with ε = ∞.")
    var noNoise = false
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"
    @Option(name: .customLong("registrations-per-address"),
            help: "Device registrations per second one source address may sustain (0: no limit).")
    var registrationsPerAddress = 1.0
    @Option(name: .customLong("registration-burst-per-address"), help: "Registrations one address may make at once.")
    var registrationBurstPerAddress = 30.0
    @Option(name: .customLong("registrations-overall"),
            help: "Device registrations per second from all addresses together (0: no limit).")
    var registrationsOverall = 50.0
    @Option(name: .customLong("registration-burst-overall"), help: "Registrations all addresses together may make at once.")
    var registrationBurstOverall = 500.0

    func validate() throws {
        guard (1...65_535).contains(port) else { throw ValidationError("--port must be 1 to 65535") }
        guard stageTimeout > 0, stageTimeout <= 3_600 else { throw ValidationError("--stage-timeout must be in (0, 3600] seconds") }
        guard stageQuorum > 0, stageQuorum <= 1 else { throw ValidationError("--stage-quorum must be in (0, 1]") }
        guard maxBodyBytes >= 1_024 else { throw ValidationError("--max-body-bytes must be at least 1024") }
        for (name, value) in [("--registrations-per-address", registrationsPerAddress), ("--registrations-overall", registrationsOverall)] {
            guard value.isFinite, value >= 0, value <= 1_000_000 else { throw ValidationError("\(name) must be 0 to 1000000") }
        }
        for (name, value) in [("--registration-burst-per-address", registrationBurstPerAddress),
                              ("--registration-burst-overall", registrationBurstOverall)] {
            guard value.isFinite, value >= 1, value <= 10_000_000 else { throw ValidationError("\(name) must be 1 to 10000000") }
        }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level '\(logLevel)' is not a level") }
    }

    func run() async throws {
        var logger = CommandLog.logger
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        var configuration = CoordinatorConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.stageTimeout = .milliseconds(Int64(stageTimeout * 1000))
        configuration.stageQuorum = stageQuorum
        configuration.maxBodyBytes = maxBodyBytes
        configuration.differentialPrivacyNoise = !noNoise
        configuration.registrationLimits.perAddressPerSecond = registrationsPerAddress
        configuration.registrationLimits.perAddressBurst = registrationBurstPerAddress
        configuration.registrationLimits.overallPerSecond = registrationsOverall
        configuration.registrationLimits.overallBurst = registrationBurstOverall
        configuration.unmaskWorkers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        try await CommandIO.run {
            let token: AdminToken?
            do {
                token = try AdminToken.load(file: adminTokenFile)
            } catch let error as ConfigurationError {
                CommandIO.printError("error: \(error.message)")
                throw ExitCode.failure
            }
            let (opened, keys) = try await store.openStoreAndKeys()
            do {
                let coordinator = try await Coordinator.start(store: opened, keys: keys, adminToken: token,
                                                              configuration: configuration, logger: logger)
                try await coordinator.application().runService()
            } catch {
                await opened.close()
                throw error
            }
            await opened.close()
        }
    }
}
