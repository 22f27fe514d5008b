/// How long a device waits before trying again after a failed request: exponential backoff
/// with full jitter (a uniform delay up to a ceiling that doubles per consecutive failure),
/// so thousands of devices cut off by a coordinator restart do not all come back in the same
/// instant.
public struct RetryBackoff: Sendable {
    /// The ceiling after the first failure.
    public let base: Duration
    /// The largest ceiling.
    public let cap: Duration
    /// Consecutive failures since the last success.
    public private(set) var failures = 0

    /// Backoff from `base`, doubling up to `cap`.
    public init(base: Duration = .milliseconds(200), cap: Duration = .seconds(10)) {
        self.base = base
        self.cap = max(base, cap)
    }

    /// The ceiling the next delay is drawn under.
    public var ceiling: Duration {
        guard failures > 0 else { return .zero }
        // Doubling stops once past the cap, so the shift never overflows.
        var value = base
        for _ in 1..<failures where value < cap { value = value * 2 }
        return min(value, cap)
    }

    /// Records a failure and returns how long to wait, uniform in [0, ceiling].
    public mutating func nextDelay(using generator: inout some RandomNumberGenerator) -> Duration {
        failures += 1
        let ceiling = ceiling.components
        let nanoseconds = ceiling.seconds * 1_000_000_000 + ceiling.attoseconds / 1_000_000_000
        return .nanoseconds(Int64.random(in: 0...max(0, nanoseconds), using: &generator))
    }

    /// Records a success: the next failure starts again from `base`.
    public mutating func reset() { failures = 0 }
}
