import ArgumentParser
import ConfideAggregation
import ConfideAttacks
import ConfideCrypto

/// `confide-bench secagg`: one whole SecAgg+ round in one process, with dropouts after ShareKeys.
struct SecAggBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secagg",
        abstract: "Simulates a SecAgg+ round (all messages serialized and parsed) and times each side."
    )

    @Option(help: "Devices in the cohort (N).")
    var clients = 500

    @Option(help: "Words per vector (D).")
    var dim = 10_000

    @Option(help: "Neighbours per device (k); default about 2·log2(N), odd.")
    var neighbors: Int?

    @Option(help: "Shares needed to rebuild a secret (t); default ⌊k/2⌋ + 1.")
    var threshold: Int?

    @Option(help: "Fraction of devices that drop after ShareKeys.")
    var dropout = 0.1

    @Option(help: "Seed for the simulation's choices (inputs, who drops); keys still come from libsodium.")
    var seed: UInt64 = 1

    @Option(help: "Threads the server uses to unmask; default one per core.")
    var workers: Int?

    /// Attacks the bench can run instead of an honest round.
    enum Adversary: String, ExpressibleByArgument, CaseIterable {
        /// A coordinator that tells devices different stories about who dropped (docs/secure-aggregation.md).
        case lyingDropouts = "lying-dropouts"
    }

    @Option(help: "Run an attack instead of an honest round: lying-dropouts.")
    var adversary: Adversary?

    @Flag(help: "With --adversary: turn the devices' consistency check off, to show the attack it stops.")
    var noConsistencyCheck = false

    func validate() throws {
        guard clients >= 2, dim >= 1 else { throw ValidationError("--clients must be at least 2 and --dim at least 1") }
        guard (0..<1).contains(dropout) else { throw ValidationError("--dropout must be in [0, 1)") }
    }

    func run() throws {
        if adversary != nil { return try runAttack() }
        var report = BenchReport()
        var random = SplitMix(seed: seed)
        var simulation: SecAggSimulation
        do {
            simulation = try SecAggSimulation(clients: clients, dim: dim, neighbors: neighbors, threshold: threshold,
                                              threads: workers, random: &random)
        } catch let error as AggregationError {
            // An impossible or unsafe configuration is an argument error, reported with the reason.
            throw ValidationError(error.description)
        }
        let config = simulation.configuration
        report.figure("clients", clients)
        report.figure("dim", dim)
        report.figure("neighbors", config.neighbourCount)
        report.figure("threshold", config.threshold)
        let dropped = Set((0..<clients).shuffled(using: &random).prefix(Int((dropout * Double(clients)).rounded())))
        report.figure("dropped", dropped.count)
        report.figure("server_workers", simulation.workers)

        let total: Double
        do {
            total = try Timing.seconds { try simulation.run(dropping: dropped, random: &random) }
        } catch let error as AggregationError where error.kind == .roundAborted {
            // Too many dropouts for the threshold is a legitimate outcome of the protocol, not a crash.
            report.figure("aborted", error.description)
            report.check(false, "the round completed")
            throw report.finish()
        }
        let figures = simulation.figures
        report.figure("client_advertise_ms", figures.median(\.advertise) * 1e3)
        report.figure("client_share_keys_ms", figures.median(\.shareKeys) * 1e3)
        report.figure("client_receipt_ms", figures.median(\.receipt) * 1e3)
        report.figure("client_mask_ms", figures.median(\.mask) * 1e3)
        report.figure("client_consistency_sign_ms", figures.median(\.consistency) * 1e3)
        report.figure("client_unmask_ms", figures.median(\.unmask) * 1e3)
        let rawPRG = try simulation.rawKeystreamSeconds(streams: config.neighbourCount + 1)
        report.figure("raw_prg_ms", rawPRG * 1e3)
        report.figure("client_mask_prg_ratio", figures.median(\.mask) / rawPRG)
        report.figure("server_advertise_s", figures.serverAdvertise)
        report.figure("server_share_keys_s", figures.serverShareKeys)
        report.figure("server_receipt_s", figures.serverReceipt)
        report.figure("server_masked_input_s", figures.serverMaskedInput)
        report.figure("server_consistency_s", figures.serverConsistency, digits: 4)
        report.figure("server_unmask_s", figures.serverUnmask, digits: 4)
        report.figure("server_finish_s", figures.serverFinish, digits: 4)
        report.figure("total_s", total)
        report.figure("upload_bytes_per_client", figures.uploadBytes)
        report.figure("download_bytes_per_client", figures.downloadBytes)
        report.check(simulation.contributors == (0..<clients).filter { !dropped.contains($0) }, "contributors are exactly the survivors")
        report.check(simulation.recovered == simulation.expected, "the recovered sum equals the true sum of survivors")
        throw report.finish()
    }
}

extension SecAggBench {
    /// `--adversary lying-dropouts`: prints whether the coordinator recovered the victim's input.
    func runAttack() throws {
        var report = BenchReport()
        let outcome: LyingDropoutsAttack.Outcome
        do {
            outcome = try LyingDropoutsAttack.run(clients: clients, neighbours: neighbors, threshold: threshold,
                                                  consistencyCheck: !noConsistencyCheck, seed: seed)
        } catch let error as AggregationError {
            throw ValidationError(error.description)
        }
        report.figure("clients", clients)
        report.figure("consistency_check", noConsistencyCheck ? "off" : "on")
        report.figure("assignment_found", "\(outcome.assignmentFound)")
        report.figure("devices_asked", outcome.asked)
        report.figure("devices_refused", outcome.refused)
        report.figure("victim_self_shares", outcome.selfShares)
        report.figure("victim_partner_keys_rebuilt", outcome.keysRebuilt)
        report.figure("victim_partners", outcome.partners)
        report.figure("attack_succeeded", "\(outcome.succeeded)")
        report.check(outcome.succeeded == noConsistencyCheck, "the attack succeeds exactly when the consistency check is off")
        throw report.finish()
    }
}

/// The simulation's reproducible choices (never key material).
typealias SplitMix = SplitMix64
