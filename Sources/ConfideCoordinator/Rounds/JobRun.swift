import ConfideProtocol

/// A training job in progress: the job's model, its privacy plan and what happened so far.
struct JobRun: Sendable {
    enum State: String, Sendable {
        case running, completed, failed
    }

    var job: any TrainingJob
    let plan: PrivacyPlan
    let stageTimeout: Duration
    var state = State.running
    var rounds: [RoundSummary] = []
    var reason: String?

    var status: JobStatus {
        JobStatus(state: state.rawValue, task: job.task.rawValue, samplingRate: plan.samplingRate,
                  epsilonAllowance: plan.epsilonCeiling, plannedRounds: job.plannedRounds, rounds: rounds, reason: reason,
                  results: job.results())
    }
}
