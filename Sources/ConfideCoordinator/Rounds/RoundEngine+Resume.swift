import ConfideProtocol
import ConfideStore
import Foundation

extension RoundEngine {
    /// Rebuilds the latest job from the store (its specification and the sums its completed
    /// rounds released) and, if it was still running, continues it from its last completed
    /// round. A job that cannot be continued is marked failed with the reason.
    func resumeLatestJob() async throws {
        guard let record = try await store.jobs().last else { return }
        let running = record.state == .running
        do {
            let specification = try JobSpecification.decode(record.specification)
            if running, specification.noise != configuration.differentialPrivacyNoise {
                throw JobReplay.Divergence(specification.noise
                    ? "the job was planned with differential-privacy noise and the coordinator now runs with --no-dp-noise"
                    : "the job was planned without differential-privacy noise and the coordinator now adds it")
            }
            var segments: StoredSegments?
            if let version = specification.segmentsVersion {
                guard let stored = try await store.model(task: .kmeans, version: version), let found = try self.segments(stored) else {
                    throw JobReplay.Divergence("the K-Means model version \(version) its segments came from is gone")
                }
                segments = found
            }
            let made = try TrainingJobs.make(specification.request, noise: specification.noise, segments: segments)
            let planned = TrainingJobs.planned(made, plan: specification.plan, clipNorm: policy.training.clipNorm)
            let replay = try JobReplay.rebuild(planned, rounds: try await store.jobRounds(record.id),
                                               cumulativeEpsilon: try await cumulativeEpsilon())
            job = JobRun(id: record.id, specification: specification, job: replay.job,
                         stageTimeout: stageTimeout(of: specification.request), state: record.state,
                         rounds: replay.summaries, reason: record.reason, pending: replay.pending)
        } catch {
            logger.error("a job could not be rebuilt", metadata: ["job": "\(record.id)", "error": "\(error)"])
            if running {
                try await store.finishJob(record.id, state: .failed,
                                          reason: "the coordinator restarted and could not continue the job: \(error)")
            }
            return
        }
        guard running else { return }
        logger.info("job continued after a restart", metadata: ["job": "\(record.id)", "rounds": "\(job?.rounds.count ?? 0)"])
        jobTask = Task { await self.runJob() }
    }

    /// The policy's cumulative ε after each charged round, by round id: each round stores
    /// the increment it caused, so the running sum is the cumulative figure.
    private func cumulativeEpsilon() async throws -> [String: Double] {
        var total = 0.0
        var after: [String: Double] = [:]
        for round in try await store.rounds() where round.spentEpsilon {
            total += round.epsilon ?? 0
            after[round.id] = total
        }
        return after
    }
}
