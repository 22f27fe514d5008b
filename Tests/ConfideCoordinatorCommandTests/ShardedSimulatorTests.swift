import Foundation
import Testing

/// A fleet spread over several simulator processes (`run --shard I/N`) trains as one.
@Suite("Simulator shards", .serialized)
struct ShardedSimulatorTests {
    @Test("Two shards train one job together: shard 0 waits for both, every round's cohort holds both shards' devices")
    func twoShardsTrainTogether() async throws {
        let harness = try Harness()
        defer { harness.remove() }
        // On a thread of its own, as the kill test: process waits must not hold the cooperative pool.
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            Thread { continuation.resume(with: Result { try Self.run(harness) }) }.start()
        }
    }

    private static func run(_ harness: Harness) throws {
        let coordinator = try harness.startCoordinator(log: "coordinator.log")
        defer { if coordinator.isRunning { coordinator.terminate() } }
        let common = [
            "run", "--coordinator", "http://127.0.0.1:\(harness.port)", "--admin-token-file", harness.token, "--dataset", "synthetic",
            "--task", "kmeans", "--clients", "60", "--clusters", "3", "--rounds", "2", "--sampling-rate", "1", "--dropout", "0",
            "--consent-rate", "1", "--stage-timeout", "120", "--policies", CommandRunner.repositoryRoot + "/policies",
        ]
        // The leader first: it must wait for the follower's devices, started only once it waits.
        let leader = try harness.launchSimulator(common + ["--shard", "0/2", "--json-out", harness.runner.directory + "/run.json"],
                                                 log: "shard-0.log")
        defer { if leader.isRunning { leader.terminate() } }
        try harness.waitFor(seconds: 300, "shard 0 to wait for the other shard") {
            harness.log("shard-0.log").contains("waiting for the other shards' devices") || !leader.isRunning
        }
        let follower = try harness.launchSimulator(common + ["--shard", "1/2"], log: "shard-1.log")
        defer { if follower.isRunning { follower.terminate() } }
        try harness.waitFor(seconds: 600, "both shards to finish") { !leader.isRunning && !follower.isRunning }
        #expect(leader.terminationStatus == 0, "\(harness.log("shard-0.log").suffix(2_000))")
        #expect(follower.terminationStatus == 0, "\(harness.log("shard-1.log").suffix(2_000))")
        #expect(harness.log("shard-0.log").contains("shard 0/2: 30 of the population's 60 devices"))
        #expect(harness.log("shard-1.log").contains("its 30 devices served 1 jobs (kmeans completed)"))
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: harness.runner.directory + "/run.json")))
        let job = ((report as? [String: Any])?["jobs"] as? [[String: Any]])?.first?["status"] as? [String: Any]
        let rounds = job?["rounds"] as? [[String: Any]] ?? []
        #expect(job?["state"] as? String == "completed")
        // Everyone consented and was sampled: both shards' 60 devices in every round.
        #expect(!rounds.isEmpty && rounds.allSatisfy { $0["cohort"] as? Int == 60 }, "\(rounds.map { $0["cohort"] ?? "?" })")
    }
}
