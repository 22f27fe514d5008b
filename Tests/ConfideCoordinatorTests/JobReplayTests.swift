import ConfideClient
@testable import ConfideCoordinator
import ConfideML
import ConfidePolicy
import ConfideProtocol
@testable import ConfideStore
import Foundation
import Testing

@Suite("A job rebuilt from its stored rounds")
struct JobReplayTests {
    static let request = StartJobRequest(task: .mf, rounds: 4, items: 30, factors: 3, seed: 7)

    /// Runs a fresh job for `rounds` completed rounds, feeding seeded sums, and returns the
    /// stored rounds (with an aborted attempt before every other completed one).
    static func run(_ rounds: Int, trailingAbort: Bool) throws -> (job: any TrainingJob, stored: [JobRound]) {
        var job = try TrainingJobs.make(request, noise: false, segments: nil)
        var random = SeededGenerator(seed: 11, stream: 3)
        var stored: [JobRound] = []
        for index in 0..<rounds {
            let planned = try #require(try job.nextRound())
            if index % 2 == 0 { stored.append(JobRound(round: record(planned.task, .aborted, index * 2), releasedSum: nil)) }
            let sum = (0..<planned.work.vectorLength).map { _ in Double.random(in: -2...2, using: &random) }
            _ = try job.absorb(sum: sum)
            stored.append(JobRound(round: record(planned.task, .completed, index * 2 + 1), releasedSum: sum))
        }
        if trailingAbort {
            var peek = job
            let planned = try #require(try peek.nextRound())
            stored.append(JobRound(round: record(planned.task, .aborted, 1_000), releasedSum: nil))
        }
        return (job, stored)
    }

    static func record(_ task: TrainingTask, _ state: RoundRecord.State, _ index: Int) -> RoundRecord {
        RoundRecord(id: "round-\(index)", task: task, purpose: "recommendations", state: state, stage: nil, cohortSize: 8,
                    baseVersion: nil, modelVersion: nil, epsilon: nil, startedAt: Date(timeIntervalSince1970: Double(index)),
                    finishedAt: Date(timeIntervalSince1970: Double(index) + 0.5), reason: state == .aborted ? "too few" : nil,
                    jobID: "job", sampledSize: 10)
    }

    @Test("Replaying the released sums reproduces the model exactly, and the job plans the same next round")
    func replayMatchesTheUninterruptedJob() throws {
        var (original, stored) = try Self.run(3, trailingAbort: false)
        let fresh = try TrainingJobs.make(Self.request, noise: false, segments: nil)
        var replay = try JobReplay.rebuild(fresh, rounds: stored, cumulativeEpsilon: [:])
        #expect(replay.job.publishedModel().parameters == original.publishedModel().parameters)
        #expect(replay.pending == nil)
        #expect(replay.summaries.map(\.outcome) == ["aborted", "completed", "completed", "aborted", "completed"])
        #expect(replay.summaries.filter { $0.outcome == "completed" }.allSatisfy { $0.cohort == 10 && $0.dropped == 2 })
        #expect(try replay.job.nextRound()?.parameters == original.nextRound()?.parameters)
    }

    @Test("A K-Means job that sweeps k and measures drift replays to the same model, curve and drift")
    func kmeansSweepAndDriftReplay() throws {
        let data = try JobRehearsalTests.shoppers(300, seed: 4)
        func plainSum(_ planned: PlannedRound) throws -> [Double] {
            var sum = [Double](repeating: 0, count: planned.work.vectorLength)
            for device in data {
                for (index, value) in try DeviceWorker.update(for: planned.work, parameters: planned.parameters, data: device).enumerated() {
                    sum[index] += value
                }
            }
            return sum
        }
        let first = StartJobRequest(task: .kmeans, features: .commerce, rounds: 3, clusters: 4, seed: 1)
        var earlier = try TrainingJobs.make(first, noise: false, segments: nil)
        while let planned = try earlier.nextRound() { _ = try earlier.absorb(sum: try plainSum(planned)) }
        let published = earlier.publishedModel()
        let previous = StoredSegments(features: .commerce, clusters: 4, featureClamp: 3, parameters: published.parameters, version: 5)
        let request = StartJobRequest(task: .kmeans, features: .commerce, rounds: 3, seed: 2, clustersFrom: 2, clustersTo: 6)
        var job = try TrainingJobs.make(request, noise: false, segments: previous)
        var stored: [JobRound] = []
        var index = 0
        while let planned = try job.nextRound() {
            let sum = try plainSum(planned)
            _ = try job.absorb(sum: sum)
            stored.append(JobRound(round: Self.record(planned.task, .completed, index), releasedSum: sum))
            index += 1
        }
        let replay = try JobReplay.rebuild(try TrainingJobs.make(request, noise: false, segments: previous), rounds: stored,
                                           cumulativeEpsilon: [:])
        let (original, rebuilt) = (job.publishedModel(), replay.job.publishedModel())
        #expect(rebuilt.parameters == original.parameters)
        for key in ["k_sweep", "k_recommended", "drift_from_version", "drift_share_changed", "drift_transitions", "clusters"] {
            #expect(rebuilt.metadata[key] != nil && rebuilt.metadata[key] == original.metadata[key], "\(key)")
        }
    }

    @Test("A trailing aborted attempt leaves its round pending: the job does not skip it")
    func trailingAbortStaysPending() throws {
        var (original, stored) = try Self.run(2, trailingAbort: true)
        let replay = try JobReplay.rebuild(try TrainingJobs.make(Self.request, noise: false, segments: nil), rounds: stored,
                                           cumulativeEpsilon: [:])
        let next = try #require(try original.nextRound())
        #expect(replay.pending?.parameters == next.parameters && replay.pending?.task == next.task)
    }

    @Test("Stored rounds the job's code would not have planned stop the replay with a reason")
    func divergenceIsRefused() throws {
        var (_, stored) = try Self.run(2, trailingAbort: false)
        stored[1] = JobRound(round: Self.record(.kmeans, .completed, 1), releasedSum: stored[1].releasedSum)
        #expect(throws: JobReplay.Divergence.self) {
            try JobReplay.rebuild(try TrainingJobs.make(Self.request, noise: false, segments: nil), rounds: stored, cumulativeEpsilon: [:])
        }
        var (_, missing) = try Self.run(1, trailingAbort: false)
        missing[1] = JobRound(round: missing[1].round, releasedSum: nil)
        #expect(throws: JobReplay.Divergence.self) {
            try JobReplay.rebuild(try TrainingJobs.make(Self.request, noise: false, segments: nil), rounds: missing, cumulativeEpsilon: [:])
        }
    }
}

@Suite("Starting jobs concurrently")
struct JobStartRaceTests {
    @Test("Of several start requests at once, exactly one starts a job; the others get a conflict")
    func concurrentStarts() async throws {
        let fixture = try await CoordinatorFixture.make(noise: false)
        defer { fixture.remove() }
        let engine = fixture.coordinator.engine
        let request = StartJobRequest(task: .mf, rounds: 2, items: TestPopulation.items, factors: 2)
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    do {
                        _ = try await engine.startJob(request)
                        return true
                    } catch let error as ProtocolError {
                        #expect(error.kind == .conflict, "\(error)")
                        return false
                    } catch {
                        Issue.record("unexpected \(error)")
                        return false
                    }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1)
        #expect(try await fixture.store.jobs().filter { $0.state == .running }.count == 1)
        await fixture.close()
    }
}
