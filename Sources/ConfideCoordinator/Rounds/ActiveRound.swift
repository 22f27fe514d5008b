import ConfideAggregation
import ConfideProtocol
import ConfideStore
import Hummingbird

/// A round's stage as devices see it (`GET /v1/rounds/{id}/stage`).
enum RoundPhase: String, Sendable {
    case advertise, share, receipt, input, consistency, unmask, finishing, completed, aborted

    var isFinal: Bool { self == .completed || self == .aborted }
}

/// Everything the coordinator holds about the round in progress.
struct ActiveRound: Sendable {
    /// The store's record of the round (its id is the one in URLs).
    let record: RoundRecord
    /// What the job asked for.
    let planned: PlannedRound
    /// The secure aggregation configuration both sides run.
    let configuration: RoundConfiguration
    /// The signed work order devices download. It lists the whole cohort, so it grows with
    /// the round (about 0.5 MB for 9,000 devices); every response shares this one buffer
    /// instead of copying it, or a cohort fetching at once would hold n copies.
    let workOrder: ByteBuffer
    /// Each cohort member's subject, for participation records and consent checks.
    let subjects: [DeviceID: Pseudonym]
    /// The sampling rate the cohort was drawn with.
    let samplingRate: Double
    /// When the round began.
    let started: ContinuousClock.Instant
    /// The share of devices still in the round whose answers let a stage close early.
    let quorumShare: Double

    /// The secure aggregation server.
    var server: SecAggServer
    var phase = RoundPhase.advertise
    var phaseStarted: ContinuousClock.Instant
    /// When the last message of the current stage arrived.
    var lastMessage: ContinuousClock.Instant
    /// When the current stage first had a quorum of answers.
    var quorumReached: ContinuousClock.Instant?
    var abortReason: String?
    /// The round's ε, once completed.
    var epsilon: Double?
    /// Per-device outputs of closed stages, serialized.
    var neighbourKeys: [DeviceID: [UInt8]] = [:]
    var deliveries: [DeviceID: [UInt8]] = [:]
    var partners: [DeviceID: [UInt8]] = [:]
    var contributorSets: [DeviceID: [UInt8]] = [:]
    var unmaskRequests: [DeviceID: [UInt8]] = [:]

    var id: String { record.id }

    /// The cohort index of `device`, if it is in the round.
    func index(of device: DeviceID) -> Int? { configuration.index(of: device) }

    /// Whether a quorum of the devices still in the round answered this stage (at least
    /// the round's minimum inputs and `quorumShare` of them).
    var hasQuorum: Bool {
        let active = server.activeDevices.count
        let answered = active - server.pendingDevices.count
        return answered >= max(configuration.minimumInputs, Int((Double(active) * quorumShare).rounded(.up)))
    }

    /// How long the stage must be silent, after its quorum, to close early: half the time
    /// the quorum took (stragglers arrive on about that scale), between 0.2 s and `limit`.
    func quietPeriod(limit: Duration) -> Duration {
        guard let quorumReached else { return limit }
        return min(limit, max(.milliseconds(200), (quorumReached - phaseStarted) / 2))
    }

    /// Whether the stage has a quorum and has been silent long enough to close early.
    func mayCloseEarly(limit: Duration, now: ContinuousClock.Instant) -> Bool {
        hasQuorum && now - lastMessage >= quietPeriod(limit: limit)
    }

    /// Whether `device` is in the cohort and not dropped.
    func isActive(_ device: DeviceID) -> Bool {
        guard let index = index(of: device) else { return false }
        return server.status(of: index) == .active
    }
}

/// How a round ended, kept briefly so its devices can learn it after the next round began.
struct FinishedRound: Sendable {
    let phase: RoundPhase
    let epsilon: Double?
    let reason: String?
    let contributors: Set<DeviceID>
    let ended: ContinuousClock.Instant
}
