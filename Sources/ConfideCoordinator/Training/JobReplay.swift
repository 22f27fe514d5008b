import ConfideProtocol
import ConfideStore
import Foundation

/// A job rebuilt after a restart: its model as it stood after its last completed round,
/// the round it had planned next (if it had tried it), and its history for admins.
///
/// Jobs are pure and seeded, so asking the freshly made job for each round again and
/// folding in the sum that round released reproduces the model exactly; a stored round of
/// another task than the job plans means the store and the code disagree, and the job is
/// not continued.
struct JobReplay {
    var job: any TrainingJob
    /// The planned round whose attempts were all aborted so far; the job loop tries it next.
    var pending: PlannedRound?
    var summaries: [RoundSummary]

    /// Replays `rounds` (oldest first) into `job`, as made and planned from its
    /// specification. `cumulativeEpsilon` gives the policy's ε after each charged round.
    static func rebuild(_ job: any TrainingJob, rounds: [JobRound], cumulativeEpsilon: [String: Double]) throws(Divergence) -> JobReplay {
        var replay = JobReplay(job: job, pending: nil, summaries: [])
        var epsilon = 0.0
        for entry in rounds {
            let round = entry.round
            epsilon = cumulativeEpsilon[round.id] ?? epsilon
            let next: PlannedRound?
            do {
                next = try replay.pending ?? replay.job.nextRound()
            } catch {
                throw Divergence("planning round \(round.id) again failed: \(error)")
            }
            guard let planned = next else {
                throw Divergence("the job has no round left to plan, yet round \(round.id) was recorded for it")
            }
            guard planned.task == round.task else {
                throw Divergence("round \(round.id) was a \(round.task.rawValue) round, but the job plans a \(planned.task.rawValue) round there")
            }
            let cohort = round.sampledSize ?? round.cohortSize
            let seconds = round.finishedAt.map { $0.timeIntervalSince(round.startedAt) } ?? 0
            switch round.state {
            case .completed:
                guard let sum = entry.releasedSum else {
                    throw Divergence("completed round \(round.id) has no stored sum")
                }
                let absorbed: AbsorbedRound
                do {
                    absorbed = try replay.job.absorb(sum: sum)
                } catch {
                    throw Divergence("the sum of round \(round.id) could not be absorbed again: \(error)")
                }
                replay.pending = nil
                replay.summaries.append(RoundSummary(
                    roundID: round.id, task: planned.task.rawValue, work: planned.work.kind.rawValue, outcome: "completed",
                    cohort: cohort, dropped: max(0, cohort - round.cohortSize), metric: absorbed.metric,
                    metricName: absorbed.metricName, epsilon: epsilon, seconds: seconds))
            case .aborted, .open:
                replay.pending = planned
                replay.summaries.append(RoundSummary(
                    roundID: round.id, task: planned.task.rawValue, work: planned.work.kind.rawValue, outcome: "aborted",
                    cohort: cohort, dropped: 0, metric: nil, metricName: nil, epsilon: epsilon, seconds: seconds,
                    reason: round.reason ?? "the coordinator restarted during the round"))
            }
        }
        return replay
    }

    /// The stored rounds and the job's code disagree.
    struct Divergence: Error, CustomStringConvertible {
        let message: String
        init(_ message: String) { self.message = message }
        var description: String { message }
    }
}
