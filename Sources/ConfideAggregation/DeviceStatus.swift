/// The stages of a round, as the server sees them.
public enum RoundStage: Int, Sendable, Comparable, CustomStringConvertible {
    /// Collecting ``AdvertiseKeys``.
    case advertiseKeys
    /// Collecting ``ShareKeys``.
    case shareKeys
    /// Collecting ``ShareReceipt``.
    case shareReceipt
    /// Collecting ``MaskedInput``.
    case maskedInput
    /// Collecting ``ConsistencySignature``.
    case consistencyCheck
    /// Collecting ``UnmaskResponse``.
    case unmask
    /// The sum was released.
    case finished
    /// The round failed; nothing was released.
    case aborted

    public static func < (lhs: RoundStage, rhs: RoundStage) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .advertiseKeys: "AdvertiseKeys"
        case .shareKeys: "ShareKeys"
        case .shareReceipt: "ShareReceipt"
        case .maskedInput: "MaskedInput"
        case .consistencyCheck: "ConsistencyCheck"
        case .unmask: "Unmask"
        case .finished: "finished"
        case .aborted: "aborted"
        }
    }
}

/// Whether a device is still taking part in a round, as the server sees it.
public enum DeviceStatus: Sendable, Equatable {
    /// Still in the round.
    case active
    /// Out of the round, and why.
    case dropped(DropReason)
}

/// Why the server dropped a device.
public enum DropReason: Sendable, Equatable, CustomStringConvertible {
    /// The device sent nothing valid for this stage before the deadline.
    case missedDeadline(RoundStage)
    /// Too few of its neighbours were left at this stage for its secrets to be recoverable,
    /// so it was excluded before contributing anything.
    case tooFewLiveNeighbours(RoundStage)

    public var description: String {
        switch self {
        case .missedDeadline(let stage): "sent no \(stage) message before the deadline"
        case .tooFewLiveNeighbours(let stage): "fewer than the threshold of its neighbours were left at \(stage)"
        }
    }
}

/// The outcome of a successful round: the unmasked sum and who contributed to it.
public struct AggregationResult: Sendable {
    /// The round id.
    public let roundID: UInt64
    /// Σ inputs of ``contributors`` modulo 2^32, exact.
    public let sum: [UInt32]
    /// Cohort indices of the devices whose inputs are in ``sum``, ascending.
    public let contributors: [Int]
    /// Cohort indices of devices that revealed a wrong share at Unmask, ascending. Their
    /// shares were not used; their inputs, if they sent any, are in the sum (masked like
    /// every other: taking one out after Unmask would need secrets no device may reveal).
    public var misbehaving: [Int] = []
}
