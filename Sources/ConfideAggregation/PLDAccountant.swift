#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tracks the privacy spent by a sequence of training rounds, each a Poisson-subsampled
/// Gaussian mechanism, through their privacy loss distributions (PLD), and reports (ε, δ).
///
/// The PLD gives the tight (ε, δ) of a composition, where Rényi DP (``PrivacyAccountant``)
/// gives a looser upper bound (on the tests' grid RDP's ε is 4 % above at large ε and up to
/// 80 times above for a single round at small q; for ε = 8 it needs 5–9 % more noise). It follows Koskela, Jälkö and Honkela
/// (2020) and Google's `dp-accounting` (`PLDAccountant`, whose defaults it matches): under
/// add-or-remove adjacency it keeps one distribution for removing a record and one for
/// adding it, and reports the worse of the two. Each distribution is discretized
/// pessimistically on the grid of losses kΔ, so ε is never understated; rounds compose by
/// FFT convolution. See ``SampledGaussianPrivacyLoss`` and ``PrivacyLossDistribution``.
///
/// Only the event list is stored when encoding; decoding rebuilds the distributions.
/// Events with the same σ and q are composed together whatever their order, so the result
/// depends only on the multiset of rounds.
public struct PLDAccountant: PrivacyAccounting, Codable, Equatable {
    /// One recorded mechanism: `steps` rounds at sampling rate q with noise multiplier σ.
    public typealias Event = PrivacyAccountant.Event

    /// The grid spacing Δ of privacy losses `dp-accounting`'s `PLDAccountant` uses by default: 10⁻⁴ nats.
    public static let defaultDiscretizationInterval = 1e-4

    /// The grid spacing Δ of privacy losses (nats); smaller is tighter and slower.
    public let discretizationInterval: Double
    /// Every recorded event, oldest first.
    public private(set) var events: [Event] = []

    /// The composed distributions for removing and adding a record.
    private var remove: PrivacyLossDistribution
    private var add: PrivacyLossDistribution

    /// An accountant that has spent nothing, discretizing losses on a grid of
    /// `discretizationInterval` nats (positive and at most 1).
    public init(discretizationInterval: Double = PLDAccountant.defaultDiscretizationInterval) throws(AggregationError) {
        guard discretizationInterval.isFinite, discretizationInterval > 0, discretizationInterval <= 1 else {
            throw AggregationError(.invalidArgument, "the discretization interval must be in (0, 1] nats, got \(discretizationInterval)")
        }
        self.discretizationInterval = discretizationInterval
        remove = .identity(interval: discretizationInterval)
        add = remove
    }

    /// An accountant that has recorded `events` (oldest first), composed once: rebuilding
    /// from a store's rounds this way costs one composition per distinct (σ, q) instead of
    /// one per round.
    public init(events: [Event], discretizationInterval: Double = PLDAccountant.defaultDiscretizationInterval) throws(AggregationError) {
        self = try PLDAccountant(discretizationInterval: discretizationInterval)
        for event in events {
            try Self.check(noiseMultiplier: event.noiseMultiplier, samplingRate: event.samplingRate, steps: event.steps)
        }
        (remove, add) = try Self.distributions(of: events, interval: discretizationInterval)
        self.events = events
    }

    /// The same events on a grid of `interval` nats. A coarser grid rounds each loss up
    /// further (every point of a coarse grid that is a multiple of this one's is also on
    /// it), so its ε is never below this accountant's: a cheap, safe stand-in for a search
    /// whose answer is then checked on the fine grid.
    public func regridded(interval: Double) throws(AggregationError) -> PLDAccountant {
        try PLDAccountant(events: events, discretizationInterval: interval)
    }

    /// The same events on a grid `factor` times coarser (at most 1 nat); see
    /// ``regridded(interval:)``. An integer factor keeps the fine grid's points on the coarse one.
    public func coarsened(by factor: Double) throws(AggregationError) -> PLDAccountant {
        guard factor >= 1, factor.isFinite else {
            throw AggregationError(.invalidArgument, "a coarsening factor must be at least 1, got \(factor)")
        }
        return try regridded(interval: min(1, discretizationInterval * factor))
    }

    /// Charges `steps` rounds with noise multiplier σ (> 0) and sampling rate q (in (0, 1]).
    ///
    /// Recomposes every recorded event (one self-composition per distinct σ and q), so it
    /// costs about one ε computation per distinct (σ, q), however many rounds were recorded.
    public mutating func record(noiseMultiplier: Double, samplingRate: Double, steps: Int = 1) throws(AggregationError) {
        try Self.check(noiseMultiplier: noiseMultiplier, samplingRate: samplingRate, steps: steps)
        let extended = events + [Event(noiseMultiplier: noiseMultiplier, samplingRate: samplingRate, steps: steps)]
        (remove, add) = try Self.distributions(of: extended, interval: discretizationInterval)
        events = extended
    }

    /// The cumulative ε at `delta` (in (0, 1)) for everything recorded so far; +∞ when no
    /// finite ε reaches it.
    public func epsilon(delta: Double) throws(AggregationError) -> Double {
        try PrivacyAccountant.checkDelta(delta)
        return max(remove.epsilon(delta: delta), add.epsilon(delta: delta))
    }

    /// The cumulative δ at `epsilon` (≥ 0) for everything recorded so far.
    public func delta(epsilon: Double) throws(AggregationError) -> Double {
        guard epsilon.isFinite, epsilon >= 0 else {
            throw AggregationError(.invalidArgument, "ε must be finite and non-negative, got \(epsilon)")
        }
        return max(remove.delta(epsilon: epsilon), add.delta(epsilon: epsilon))
    }

    /// ε at `delta` of `steps` rounds with noise multiplier σ and sampling rate q
    /// (with `steps = 1`, the per-round ε).
    public static func epsilon(noiseMultiplier: Double, samplingRate: Double, steps: Int, delta: Double,
                               discretizationInterval: Double = defaultDiscretizationInterval) throws(AggregationError) -> Double {
        try PrivacyAccountant.checkDelta(delta)
        var accountant = try PLDAccountant(discretizationInterval: discretizationInterval)
        try accountant.record(noiseMultiplier: noiseMultiplier, samplingRate: samplingRate, steps: steps)
        return try accountant.epsilon(delta: delta)
    }

    /// The smallest noise multiplier σ (to a relative `tolerance`, default 10⁻⁴) for which
    /// `steps` rounds at sampling rate q stay within (`targetEpsilon`, `delta`).
    ///
    /// Bisection, started from the σ the RDP accountant needs: the PLD bound is tighter, so
    /// that σ nearly always suffices and the answer lies a little below it.
    public static func noiseMultiplier(targetEpsilon: Double, delta: Double, samplingRate: Double, steps: Int,
                                       discretizationInterval: Double = defaultDiscretizationInterval,
                                       tolerance: Double = 1e-4) throws(AggregationError) -> Double {
        guard targetEpsilon.isFinite, targetEpsilon > 0 else {
            throw AggregationError(.invalidArgument, "the target ε must be positive and finite, got \(targetEpsilon)")
        }
        guard tolerance > 0, tolerance < 1 else {
            throw AggregationError(.invalidArgument, "the tolerance must be in (0, 1), got \(tolerance)")
        }
        try check(noiseMultiplier: 1, samplingRate: samplingRate, steps: steps)
        func epsilon(_ sigma: Double) throws(AggregationError) -> Double {
            try Self.epsilon(noiseMultiplier: sigma, samplingRate: samplingRate, steps: steps, delta: delta,
                             discretizationInterval: discretizationInterval)
        }
        var high = try PrivacyAccountant.noiseMultiplier(targetEpsilon: targetEpsilon, delta: delta,
                                                         samplingRate: samplingRate, steps: steps)
        while try epsilon(high) > targetEpsilon {
            high *= 1.25
            guard high < 1e6 else {
                throw AggregationError(.invalidArgument, "no noise multiplier below 10⁶ reaches ε = \(targetEpsilon) at δ = \(delta)")
            }
        }
        var low = high * 0.8
        while try epsilon(low) <= targetEpsilon {
            high = low
            low *= 0.8
            guard low > 1e-6 else { return high }
        }
        while (high - low) / high > tolerance {
            let middle = (low + high) / 2
            if try epsilon(middle) > targetEpsilon { low = middle } else { high = middle }
        }
        return high
    }

    /// The composed remove and add distributions of `events`: one self-composition per
    /// distinct (σ, q), then their convolution.
    private static func distributions(of events: [Event], interval: Double) throws(AggregationError)
        -> (remove: PrivacyLossDistribution, add: PrivacyLossDistribution) {
        var groups: [(sigma: Double, q: Double, steps: Int)] = []
        for event in events {
            if let i = groups.firstIndex(where: { $0.sigma == event.noiseMultiplier && $0.q == event.samplingRate }) {
                groups[i].steps += event.steps
            } else {
                groups.append((event.noiseMultiplier, event.samplingRate, event.steps))
            }
        }
        var remove = PrivacyLossDistribution.identity(interval: interval)
        var add = remove
        for group in groups {
            let removal = try SampledGaussianPrivacyLoss(sigma: group.sigma, q: group.q, direction: .remove)
                .discretized(interval: interval).selfComposed(times: group.steps)
            remove = remove.composed(with: removal)
            // With q = 1 both directions have the same distribution.
            if group.q == 1 {
                add = add.composed(with: removal)
            } else {
                let addition = try SampledGaussianPrivacyLoss(sigma: group.sigma, q: group.q, direction: .add)
                    .discretized(interval: interval).selfComposed(times: group.steps)
                add = add.composed(with: addition)
            }
        }
        return (remove, add)
    }

    static func check(noiseMultiplier: Double, samplingRate: Double, steps: Int) throws(AggregationError) {
        guard noiseMultiplier.isFinite, noiseMultiplier > 0 else {
            throw AggregationError(.invalidArgument, "the noise multiplier must be finite and positive, got \(noiseMultiplier)")
        }
        guard samplingRate > 0, samplingRate <= 1 else {
            throw AggregationError(.invalidArgument, "the sampling rate must be in (0, 1], got \(samplingRate)")
        }
        guard steps >= 1 else { throw AggregationError(.invalidArgument, "steps must be at least 1, got \(steps)") }
    }

    // MARK: Codable and Equatable: the interval and the events determine everything else.

    private enum CodingKeys: String, CodingKey { case discretizationInterval, events }

    /// Rebuilds an accountant from its interval and event list, checking every event.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self = try PLDAccountant(events: container.decode([Event].self, forKey: .events),
                                 discretizationInterval: container.decode(Double.self, forKey: .discretizationInterval))
    }

    /// Writes the interval and the event list.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(discretizationInterval, forKey: .discretizationInterval)
        try container.encode(events, forKey: .events)
    }

    /// Two accountants are equal when they use the same grid and recorded the same events in the same order.
    public static func == (lhs: PLDAccountant, rhs: PLDAccountant) -> Bool {
        lhs.discretizationInterval == rhs.discretizationInterval && lhs.events == rhs.events
    }
}
