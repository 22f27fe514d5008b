import Foundation

/// `POST /admin/v1/jobs`: start federated training of one task.
public struct StartJobRequest: Codable, Sendable, Equatable {
    /// What the job learns.
    public var task: JobTask
    /// Which features devices compute for K-Means.
    public var features: FeatureSet?
    /// Training rounds after initialization: Lloyd rounds for K-Means, gradient rounds for MF.
    public var rounds: Int
    /// Clusters, for K-Means (default 8), unless the job sweeps over k.
    public var clusters: Int?
    /// For K-Means instead of `clusters`: sweep k from this value to `clustersTo` (at least
    /// 3 candidates) in one federated round, and train the k the sweep recommends.
    public var clustersFrom: Int?
    /// The largest k of the sweep (with `clustersFrom`).
    public var clustersTo: Int?
    /// Catalogue size, for MF and histograms.
    public var items: Int?
    /// Latent factors, for MF (default: the method's, 5 for gradient, see `MFJob` for ALS).
    public var factors: Int?
    /// How an MF job trains (default ``MFMethod/als``); `rounds` counts ALS rounds or gradient rounds.
    public var method: MFMethod?
    /// The share of the policy's total ε budget this job may spend (default: all that is left).
    public var epsilon: Double?
    /// Poisson sampling rate of each round's cohort; default: the largest rate whose ε over the
    /// planned rounds fits the job's budget.
    public var samplingRate: Double?
    /// Seconds a stage waits for missing devices before counting them as dropped (default 30).
    public var stageTimeoutSeconds: Double?
    /// Seed for the coordinator's model initialization (not for cryptography).
    public var seed: UInt64?

    /// A job request.
    public init(task: JobTask, features: FeatureSet? = nil, rounds: Int, clusters: Int? = nil, items: Int? = nil,
                factors: Int? = nil, method: MFMethod? = nil, epsilon: Double? = nil, samplingRate: Double? = nil,
                stageTimeoutSeconds: Double? = nil, seed: UInt64? = nil, clustersFrom: Int? = nil, clustersTo: Int? = nil) {
        self.task = task
        self.clustersFrom = clustersFrom
        self.clustersTo = clustersTo
        self.features = features
        self.rounds = rounds
        self.clusters = clusters
        self.items = items
        self.factors = factors
        self.method = method
        self.epsilon = epsilon
        self.samplingRate = samplingRate
        self.stageTimeoutSeconds = stageTimeoutSeconds
        self.seed = seed
    }

    /// The candidates of a sweep over k, when the request asks for one.
    public var clusterSweep: ClosedRange<Int>? {
        guard let clustersFrom, let clustersTo, clustersFrom <= clustersTo else { return nil }
        return clustersFrom...clustersTo
    }
}

/// Where a training job stands (`GET /admin/v1/jobs/current`).
public struct JobStatus: Codable, Sendable, Equatable {
    /// The job's identifier (its rounds name it in the store).
    public var id: String?
    /// Where the job stands.
    public var state: JobState
    /// The job's task.
    public var task: JobTask
    /// The sampling rate in use.
    public var samplingRate: Double
    /// The ε the job was allowed.
    public var epsilonAllowance: Double
    /// The rounds the job plans to run (aborted rounds are retried on top of these).
    public var plannedRounds: Int
    /// Rounds finished so far, in order.
    public var rounds: [RoundSummary]
    /// Why the job failed, if it did; for a running job, what it waits for, if anything.
    public var reason: String?
    /// Summary figures once completed (e.g. segment sizes, RMSE), as text values.
    public var results: [String: String]

    /// A job status.
    public init(state: JobState, task: JobTask, samplingRate: Double, epsilonAllowance: Double, plannedRounds: Int,
                rounds: [RoundSummary], reason: String? = nil, results: [String: String] = [:], id: String? = nil) {
        self.id = id
        self.state = state
        self.task = task
        self.samplingRate = samplingRate
        self.epsilonAllowance = epsilonAllowance
        self.plannedRounds = plannedRounds
        self.rounds = rounds
        self.reason = reason
        self.results = results
    }
}

/// One finished round, as reported to admins.
public struct RoundSummary: Codable, Sendable, Equatable {
    /// The round id.
    public var roundID: String
    /// `stats`, `kmeans`, `mf` or `eval`.
    public var task: String
    /// What devices computed.
    public var work: String
    /// `completed` or `aborted`.
    public var outcome: String
    /// Devices invited.
    public var cohort: Int
    /// Devices whose input was not in the sum.
    public var dropped: Int
    /// The task's figure of merit after the round (inertia, RMSE…), if any.
    public var metric: Double?
    /// The name of that figure.
    public var metricName: String?
    /// Cumulative ε of the policy after the round.
    public var epsilon: Double
    /// Wall-clock seconds the round took.
    public var seconds: Double
    /// Why it was aborted.
    public var reason: String?

    /// A round summary.
    public init(roundID: String, task: String, work: String, outcome: String, cohort: Int, dropped: Int,
                metric: Double?, metricName: String?, epsilon: Double, seconds: Double, reason: String? = nil) {
        self.roundID = roundID
        self.task = task
        self.work = work
        self.outcome = outcome
        self.cohort = cohort
        self.dropped = dropped
        self.metric = metric
        self.metricName = metricName
        self.epsilon = epsilon
        self.seconds = seconds
        self.reason = reason
    }
}

/// `POST /admin/v1/subjects/export`, `…/erase` and `/admin/v1/consent/show`: names a subject
/// in the body, never in a URL, so identifiers stay out of access logs and proxies.
public struct SubjectRequest: Codable, Sendable, Equatable {
    /// The subject's identifier.
    public var subject: String

    /// A subject request.
    public init(subject: String) { self.subject = subject }
}

/// `POST /admin/v1/consent`: records consent on a subject's behalf (e.g. from a paper form).
public struct AdminConsentRequest: Codable, Sendable, Equatable {
    /// The subject's identifier.
    public var subject: String
    /// The policy purpose.
    public var purpose: String
    /// `true` to grant, `false` to withdraw.
    public var granted: Bool
    /// One of the policy's consent channels.
    public var channel: String
    /// One of the policy's consent methods.
    public var method: String

    /// A consent change on a subject's behalf.
    public init(subject: String, purpose: String, granted: Bool, channel: String, method: String) {
        self.subject = subject
        self.purpose = purpose
        self.granted = granted
        self.channel = channel
        self.method = method
    }
}

/// `GET /admin/v1/devices`: how many devices the coordinator knows, and how many could be
/// invited to a round of each purpose now. Counts only: no device or subject is named.
public struct DeviceSummary: Codable, Sendable, Equatable {
    /// Devices ever registered (wiped ones included).
    public var registered: Int
    /// Active devices (registered, not told to wipe).
    public var active: Int
    /// Devices told to wipe after an erasure, not yet confirmed.
    public var wipePending: Int
    /// Devices that confirmed their wipe.
    public var wiped: Int
    /// Per purpose that allows training tasks: active devices whose users consent to it now.
    public var eligible: [String: Int]

    /// A summary from its counts.
    public init(registered: Int, active: Int, wipePending: Int, wiped: Int, eligible: [String: Int]) {
        self.registered = registered
        self.active = active
        self.wipePending = wipePending
        self.wiped = wiped
        self.eligible = eligible
    }
}

/// `GET /admin/v1/privacy`: the policy's ε budget and what is spent.
public struct PrivacyStatus: Codable, Sendable, Equatable {
    /// The policy-wide cumulative ε (`Infinity` after a round without noise).
    public var epsilonSpent: Double
    /// The policy's ε budget.
    public var epsilonBudget: Double
    /// The policy's δ.
    public var delta: Double
    /// The policy's least noise multiplier σ.
    public var noiseMultiplier: Double
    /// Whether devices add noise (off only for measurement runs).
    public var differentialPrivacyNoise: Bool

    /// A privacy status.
    public init(epsilonSpent: Double, epsilonBudget: Double, delta: Double, noiseMultiplier: Double, differentialPrivacyNoise: Bool) {
        self.epsilonSpent = epsilonSpent
        self.epsilonBudget = epsilonBudget
        self.delta = delta
        self.noiseMultiplier = noiseMultiplier
        self.differentialPrivacyNoise = differentialPrivacyNoise
    }
}
