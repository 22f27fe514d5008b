import ConfideCrypto
import ConfidePolicy
import ConfideProtocol
import ConfideStore
import Foundation
import Testing

/// The durable-jobs promise, tested the hard way: a real coordinator process is killed with
/// SIGKILL again and again while the real simulator trains through it.
@Suite("A coordinator killed with SIGKILL during a job", .serialized)
struct KillRestartTests {
    static let kills = 10

    @Test("After 10 kills the job completes, no round is applied twice, and the model equals an uninterrupted run's to rounding")
    func killedRepeatedly() async throws {
        let killed = try Harness()
        defer { killed.remove() }
        let interrupted = try await killed.train(kills: Self.kills)
        let steady = try Harness()
        defer { steady.remove() }
        let uninterrupted = try await steady.train(kills: 0)
        let again = try Harness()
        defer { again.remove() }
        let reference = try await again.train(kills: 0)

        // The job completed on the coordinator that was killed, once, with every planned round.
        let store = try await killed.openStore()
        let jobs = try await store.jobs()
        let rounds = try await jobs.asyncMap { try await store.jobRounds($0.id) }
        let versions = try await store.rounds().compactMap { round in round.modelVersion.map { "\(round.task) \($0)" } }
        await store.close()
        #expect(jobs.count == 1 && jobs.first?.state == .completed, "\(jobs.map { "\($0.state) \($0.reason ?? "")" })")
        let completed = rounds.first?.filter { $0.round.state == .completed } ?? []
        #expect(completed.count == interrupted.completedRounds && completed.count == uninterrupted.completedRounds)
        #expect(completed.allSatisfy { $0.releasedSum != nil })
        // No round applied twice: every completed round produced its own model version.
        #expect(Set(versions).count == versions.count && versions.count == completed.count)
        #expect(interrupted.restarts == Self.kills)

        // Without noise and with fixed seeds, runs differ only by the devices' random rounding
        // to the quantization grid (the coins come from the system's secure generator, by
        // design). Two uninterrupted runs measure that spread; the interrupted run must be
        // no further from an uninterrupted one than twice it. (Exact replay of the
        // stored sums is checked bit for bit in JobReplayTests.)
        #expect(interrupted.model.count == uninterrupted.model.count && reference.model.count == uninterrupted.model.count)
        #expect(!interrupted.model.isEmpty)
        let spread = Self.distance(uninterrupted.model, reference.model)
        let difference = Self.distance(interrupted.model, uninterrupted.model)
        print("kill-restart: kills \(interrupted.restarts), completed rounds \(completed.count), rms interrupted-vs-uninterrupted \(difference), rms uninterrupted-vs-uninterrupted \(spread)")
        #expect(spread < 0.01, "two uninterrupted runs differ by \(spread) (root mean square)")
        #expect(difference <= 2 * spread + 1e-12,
                "interrupted vs uninterrupted: \(difference), uninterrupted vs uninterrupted: \(spread); cohorts-dropped per round: \(interrupted.cohorts) vs \(uninterrupted.cohorts)")
    }

    /// The root-mean-square coordinate difference (over thousands of coordinates, a stable
    /// figure where the largest one would be an extreme value).
    static func distance(_ a: [Double], _ b: [Double]) -> Double {
        guard !a.isEmpty, a.count == b.count else { return .infinity }
        return (zip(a, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(a.count)).squareRoot()
    }
}

/// One coordinator process (restartable on the same port and database) and simulator processes.
struct Harness {
    struct Outcome {
        var model: [Double]
        var completedRounds: Int
        /// Each completed round's cohort and dropouts, for the failure message.
        var cohorts: [String]
        var restarts: Int
    }

    let runner: CommandRunner
    let port: Int
    var database: String { runner.directory + "/confide.sqlite" }
    var token: String { runner.directory + "/admin.token" }

    init() throws {
        runner = try CommandRunner()
        port = try Self.freePort()
        try Data("kill-restart-test-token-0123456789".utf8).write(to: URL(fileURLWithPath: token))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: token)
    }

    func remove() { runner.remove() }

    /// Runs a 20-round MF job on 60 MovieLens users without noise (gradient descent: a
    /// difference in rounding stays that small, where K-Means' discrete choices could turn
    /// it into another local optimum, even between two uninterrupted runs); with `kills` > 0, SIGKILLs the
    /// coordinator that many times at random moments of the job and starts it again.
    func train(kills: Int) async throws -> Outcome {
        // On a thread of its own: the suite's CPU-heavy tests can keep the cooperative pool
        // busy for a minute, and a kill loop waiting for it would miss the job it should interrupt.
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try trainBlocking(kills: kills) }) }.start()
        }
    }

    private func trainBlocking(kills: Int) throws -> Outcome {
        var coordinator = try startCoordinator(log: "coordinator-0.log")
        let simulator = try startSimulator()
        var restarts = 0
        var random = SystemRandomNumberGenerator()
        defer {
            if coordinator.isRunning { coordinator.terminate() }
            if simulator.isRunning { simulator.terminate() }
        }
        // Kill only once the job runs: enrolment is not what this test is about.
        try waitFor(seconds: 120, "the simulator to start the job") { log("simulator.log").contains("starting mf training") }
        while restarts < kills, simulator.isRunning {
            Thread.sleep(forTimeInterval: Double(Int.random(in: 300...3_000, using: &random)) / 1000)
            kill(coordinator.processIdentifier, SIGKILL)
            coordinator.waitUntilExit()
            restarts += 1
            coordinator = try startCoordinator(log: "coordinator-\(restarts).log")
        }
        try waitFor(seconds: 600, "the simulator to finish") { !simulator.isRunning }
        guard simulator.terminationStatus == 0 else {
            throw HarnessError("the simulator failed (exit \(simulator.terminationStatus)): \(log("simulator.log").suffix(3_000))")
        }
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: runner.directory + "/run.json"))) as? [String: Any]
        let job = (report?["jobs"] as? [[String: Any]])?.first?["status"] as? [String: Any]
        let keyText = try String(contentsOfFile: runner.directory + "/models/coordinator.key", encoding: .utf8)
        let key = try IdentityPublicKey(bytes: Array(Data(base64Encoded: keyText.trimmingCharacters(in: .whitespacesAndNewlines)) ?? Data()))
        let document = try ModelDocument(verifying: Array(try Data(contentsOf: URL(fileURLWithPath: runner.directory + "/models/mf.cfm"))),
                                         with: key)
        let completed = (job?["rounds"] as? [[String: Any]] ?? []).filter { $0["outcome"] as? String == "completed" }
        return Outcome(model: document.parameters, completedRounds: completed.count,
                       cohorts: completed.map { "\($0["cohort"] ?? "?")-\($0["dropped"] ?? "?")" }, restarts: restarts)
    }

    func openStore() async throws -> ConfideStore {
        try await ConfideStore.open(.sqlite(path: database), policy: try PolicyLoader.load(CommandRunner.repositoryRoot + "/policies"),
                                    keys: try StoreKeys.load(keyFile: database + ".keys"))
    }

    func startCoordinator(log name: String) throws -> Process {
        let process = try launch(CommandRunner.executable, [
            "serve", "--db", "sqlite:" + database, "--policies", CommandRunner.repositoryRoot + "/policies", "--port", String(port),
            "--admin-token-file", token, "--no-dp-noise", "--stage-timeout", "120", "--stage-quorum", "1",
            "--registrations-per-address", "0", "--registrations-overall", "0", "--log-level", "warning",
        ], log: name)
        // Ready once it accepts connections.
        let deadline = Date().addingTimeInterval(60)
        while !Self.accepts(port), Date() < deadline, process.isRunning { usleep(50_000) }
        guard Self.accepts(port) else { throw HarnessError("the coordinator did not listen on \(port): \(self.log(name))") }
        return process
    }

    /// Starts `confide-client-sim` with `arguments`, writing to the log `name`.
    func launchSimulator(_ arguments: [String], log name: String) throws -> Process {
        try launch(CommandRunner.executable.deletingLastPathComponent().appendingPathComponent("confide-client-sim"), arguments, log: name)
    }

    private func startSimulator() throws -> Process {
        try launchSimulator([
            "run", "--coordinator", "http://127.0.0.1:\(port)", "--admin-token-file", token, "--dataset", "ml-100k",
            "--data-dir", CommandRunner.repositoryRoot + "/var/data/ml-100k",
            "--task", "mf", "--clients", "60", "--rounds", "20", "--sampling-rate", "1",
            "--dropout", "0", "--consent-rate", "1", "--stage-timeout", "120", "--seed", "5",
            "--policies", CommandRunner.repositoryRoot + "/policies",
            "--models-out", runner.directory + "/models", "--json-out", runner.directory + "/run.json",
        ], log: "simulator.log")
    }

    private func launch(_ executable: URL, _ arguments: [String], log name: String) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: runner.directory)
        let path = runner.directory + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    /// A log as written so far (a read can catch a line half-written, so decoding is lenient).
    func log(_ name: String) -> String {
        String(decoding: FileManager.default.contents(atPath: runner.directory + "/" + name) ?? Data(), as: UTF8.self)
    }

    func waitFor(seconds: Double, _ what: String, _ condition: () -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition() {
            guard Date() < deadline else { throw HarnessError("timed out waiting for \(what); simulator: \(log("simulator.log").suffix(2_000))") }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    /// Whether something accepts TCP connections on the loopback port.
    static func accepts(_ port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    /// A loopback port nothing listens on, chosen by the kernel.
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socket, pointer, length) == 0 && getsockname(socket, pointer, &length) == 0
            }
        }
        guard bound else { throw HarnessError("no free loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Sequence {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
