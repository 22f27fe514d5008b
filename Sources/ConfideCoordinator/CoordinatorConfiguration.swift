/// Settings of a coordinator, with documented defaults.
public struct CoordinatorConfiguration: Sendable {
    /// Address to listen on. Default `127.0.0.1`.
    public var host = "127.0.0.1"
    /// Port to listen on. Default 8080.
    public var port = 8080
    /// The largest device request body accepted, in bytes. Default 16 MiB (a masked
    /// vector of 4 million values).
    public var maxBodyBytes = 16 << 20
    /// The largest body of an unauthenticated request (registration), in bytes. Default 1 KiB.
    public var maxOpenBodyBytes = 1 << 10
    /// How long a stage waits for missing devices before they count as dropped, unless a
    /// job asks otherwise. Default 30 s.
    public var stageTimeout: Duration = .seconds(30)
    /// A stage also closes early once most devices answered (at least the round's minimum
    /// inputs and ``stageQuorum`` of those still in it) and none answered for a while: half
    /// the time the quorum took, at least 0.2 s and at most this. Devices that dropped out
    /// never answer, and waiting for the deadline would cost every round. Default 1.5 s.
    public var stageQuietPeriod: Duration = .milliseconds(1_500)
    /// The share of devices still in a round that must have answered a stage before it may
    /// close early. 1 turns early closing off: every stage waits for all its devices or
    /// its deadline (complete cohorts, as for reproducible measurements). Default 0.8.
    public var stageQuorum = 0.8
    /// How long a device's check-in or stage query may wait for news. Default 10 s.
    public var longPoll: Duration = .seconds(10)
    /// Whether devices add differential-privacy noise. Default `true`. Turning it off is
    /// for utility measurements on public data only: rounds are recorded with ε = ∞.
    public var differentialPrivacyNoise = true
    /// Threads used to unmask a round's sum. Default 2.
    public var unmaskWorkers = 2
    /// Attempts per planned round before a job fails (aborted rounds are retried). Default 3.
    public var roundAttempts = 3
    /// How long a job waits, before a round, for the policy's minimum cohort of eligible
    /// devices (registered, consenting) before it tries the round anyway and the attempt
    /// is aborted. Devices re-enrolling or consenting let it start sooner. Default 10 min.
    public var cohortWait: Duration = .seconds(600)
    /// How often due schedules are checked. Default 1 s.
    public var scheduleTick: Duration = .seconds(1)

    /// Rate limits on device registration, per source address and overall.
    public var registrationLimits = RegistrationLimits()

    /// The defaults.
    public init() {}
}

/// Rate limits on device registration (token buckets); a rate of 0 turns a limit off.
public struct RegistrationLimits: Sendable, Equatable {
    /// Registrations per second one source address may sustain. Default 1.
    public var perAddressPerSecond = 1.0
    /// Registrations one address may make at once. Default 30.
    public var perAddressBurst = 30.0
    /// Registrations per second from all addresses together. Default 50.
    public var overallPerSecond = 50.0
    /// Registrations all addresses together may make at once. Default 500.
    public var overallBurst = 500.0

    /// The defaults.
    public init() {}
}
