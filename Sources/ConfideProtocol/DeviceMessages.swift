import Foundation

/// `POST /v1/devices`: a device introduces its identity key and proves, with a one-time
/// enrolment code, which subject it belongs to.
///
/// The request is signed with the key it carries (proof of possession). The subject is
/// never named by the device: it comes from the enrolment code, which the service that
/// authenticated the user obtained from `POST /admin/v1/enrolments` and handed to the app.
public struct RegisterDeviceRequest: Codable, Sendable, Equatable {
    /// Base64 of the device's 32-byte Ed25519 public key.
    public var identityPublicKey: String
    /// The one-time enrolment code (``EnrolmentCode/textLength`` characters).
    public var enrolmentCode: String

    /// A registration request.
    public init(identityPublicKey: String, enrolmentCode: String) {
        self.identityPublicKey = identityPublicKey
        self.enrolmentCode = enrolmentCode
    }
}

/// The answer to a registration: the device's identifier and the coordinator's public keys.
public struct RegisterDeviceResponse: Codable, Sendable, Equatable {
    /// The identifier derived from the device's key.
    public var device: DeviceID
    /// Base64 of the coordinator's Ed25519 key, which signs models, work orders and receipts.
    public var coordinatorIdentityKey: String
    /// Base64 of the coordinator's X25519 key, to which masked inputs are sealed.
    public var coordinatorSealingKey: String

    /// A registration answer.
    public init(device: DeviceID, coordinatorIdentityKey: String, coordinatorSealingKey: String) {
        self.device = device
        self.coordinatorIdentityKey = coordinatorIdentityKey
        self.coordinatorSealingKey = coordinatorSealingKey
    }
}

/// `POST /v1/consent`: the device reports that its user granted or withdrew consent.
public struct ConsentChangeRequest: Codable, Sendable, Equatable {
    /// The policy purpose, e.g. `recommendations`.
    public var purpose: String
    /// `true` to grant, `false` to withdraw.
    public var granted: Bool
    /// How consent was collected (one of the policy's channels), e.g. `app`.
    public var channel: String
    /// How the user expressed it (one of the policy's methods), e.g. `toggle`.
    public var method: String

    /// A consent change.
    public init(purpose: String, granted: Bool, channel: String, method: String) {
        self.purpose = purpose
        self.granted = granted
        self.channel = channel
        self.method = method
    }
}

/// `POST /v1/checkin`: what the coordinator wants the device to do now.
public struct CheckInResponse: Codable, Sendable, Equatable {
    /// What to do.
    public enum Action: String, Codable, Sendable {
        /// Nothing for now; check in again after `retryAfterMilliseconds`.
        case wait
        /// Take part in `round`.
        case join
        /// The device's subject was erased: delete all local data, then confirm with `POST /v1/wipe`.
        case wipe
    }

    /// What to do.
    public var action: Action
    /// The round to join, for `join`.
    public var round: RoundTicket?
    /// When to check in again, for `wait`.
    public var retryAfterMilliseconds: Int?

    /// A check-in answer.
    public init(action: Action, round: RoundTicket? = nil, retryAfterMilliseconds: Int? = nil) {
        self.action = action
        self.round = round
        self.retryAfterMilliseconds = retryAfterMilliseconds
    }
}

/// A device's invitation to a round.
public struct RoundTicket: Codable, Sendable, Equatable {
    /// The round's identifier in URLs and work orders: 32 lowercase hex characters chosen by
    /// the coordinator, not the secure-aggregation round id inside the round configuration.
    public var roundID: String
    /// The training task: `stats`, `kmeans`, `mf` or `eval`.
    public var task: String
    /// The policy purpose the task belongs to; the device checks its own consent for it.
    public var purpose: String

    /// A ticket.
    public init(roundID: String, task: String, purpose: String) {
        self.roundID = roundID
        self.task = task
        self.purpose = purpose
    }
}

/// `GET /v1/rounds/{id}/stage`: where a round stands, answered when it moves past `after`
/// or after a wait of at most a few seconds.
public struct StageStatus: Codable, Sendable, Equatable {
    /// The round's stage: `advertise`, `share`, `receipt`, `input`, `consistency`, `unmask`, `finishing`,
    /// `completed` or `aborted`.
    public var stage: String
    /// Whether the asking device is still in the round (not dropped).
    public var active: Bool
    /// Why the round was aborted, if it was.
    public var reason: String?
    /// The round's increase of the policy's cumulative ε, once completed (`nil` when the
    /// round ran without noise and carries no guarantee).
    public var epsilon: Double?

    /// A stage answer.
    public init(stage: String, active: Bool, reason: String? = nil, epsilon: Double? = nil) {
        self.stage = stage
        self.active = active
        self.reason = reason
        self.epsilon = epsilon
    }
}

/// `POST /v1/wipe`: the device confirms it deleted its subject's local data.
public struct WipeConfirmation: Codable, Sendable, Equatable {
    /// When the wipe finished on the device.
    public var wipedAt: Date

    /// A confirmation.
    public init(wipedAt: Date) {
        self.wipedAt = wipedAt
    }
}
