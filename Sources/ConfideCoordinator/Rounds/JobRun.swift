import ConfideProtocol
import ConfideStore

/// A training job in progress: the job's model, its privacy plan and what happened so far.
struct JobRun: Sendable {
    /// The job's identifier in the store.
    let id: String
    let specification: JobSpecification
    var job: any TrainingJob
    /// How long each stage waits for missing devices: the job's own timeout, else the
    /// coordinator's (as configured now, for a job continued after a restart).
    let stageTimeout: Duration
    var state = JobRecord.State.running
    var rounds: [RoundSummary] = []
    var reason: String?
    /// The round the job planned whose attempts have all been aborted so far: the job
    /// loop tries it again rather than asking the job for a new one.
    var pending: PlannedRound?


    var plan: PrivacyPlan { specification.plan }

    var status: JobStatus {
        JobStatus(state: state.wire, task: specification.request.task, samplingRate: plan.samplingRate,
                  epsilonAllowance: plan.epsilonCeiling, plannedRounds: job.plannedRounds, rounds: rounds, reason: reason,
                  results: job.results(), id: id)
    }
}

extension JobRecord.State {
    /// The state as the admin API reports it.
    var wire: JobState {
        switch self {
        case .running: .running
        case .completed: .completed
        case .failed: .failed
        }
    }
}
