/// Tracks the privacy spent by a sequence of training rounds, each a Poisson-subsampled
/// Gaussian mechanism, in Rényi DP over a grid of orders, and reports (ε, δ).
///
/// RDP composes by addition at each order, so the accountant keeps one running total
/// per order and the list of recorded rounds (to persist and audit). ε is the best
/// conversion over all orders.
public struct PrivacyAccountant: PrivacyAccounting, Codable, Equatable {
    /// One recorded mechanism: `steps` rounds at sampling rate q with noise multiplier σ.
    public struct Event: Sendable, Codable, Equatable {
        /// The noise multiplier σ (noise standard deviation over the clip norm).
        public let noiseMultiplier: Double
        /// The probability q that a given device takes part in a round.
        public let samplingRate: Double
        /// How many rounds with these parameters.
        public let steps: Int

        /// `steps` rounds at sampling rate q with noise multiplier σ.
        public init(noiseMultiplier: Double, samplingRate: Double, steps: Int = 1) {
            self.noiseMultiplier = noiseMultiplier
            self.samplingRate = samplingRate
            self.steps = steps
        }
    }

    /// The orders `dp-accounting` uses by default: 1.1 to 10.9 in steps of 0.1, 11 to 63, 128, 256, 512, 1024.
    public static let defaultOrders: [Double] =
        (1..<100).map { 1 + Double($0) / 10 } + (11..<64).map(Double.init) + [128, 256, 512, 1024]

    /// The Rényi orders α tracked.
    public let orders: [Double]
    /// The total RDP at each order.
    public private(set) var rdp: [Double]
    /// Every recorded event, oldest first.
    public private(set) var events: [Event] = []

    /// An accountant that has spent nothing, tracking `orders` (each > 1).
    public init(orders: [Double] = PrivacyAccountant.defaultOrders) throws(AggregationError) {
        guard !orders.isEmpty, orders.allSatisfy({ $0 > 1 && $0.isFinite }) else {
            throw AggregationError(.invalidArgument, "Rényi orders must be finite and greater than 1")
        }
        self.orders = orders
        rdp = Array(repeating: 0, count: orders.count)
    }

    /// Charges `steps` rounds with noise multiplier σ and sampling rate q.
    public mutating func record(noiseMultiplier: Double, samplingRate: Double, steps: Int = 1) throws(AggregationError) {
        let added = try Self.rdp(noiseMultiplier: noiseMultiplier, samplingRate: samplingRate, steps: steps, orders: orders)
        for i in rdp.indices { rdp[i] += added[i] }
        events.append(Event(noiseMultiplier: noiseMultiplier, samplingRate: samplingRate, steps: steps))
    }

    /// Itself: Rényi DP has no resolution to trade, and it is already cheap.
    public func coarsened(by factor: Double) throws(AggregationError) -> PrivacyAccountant { self }

    /// The cumulative ε at `delta` for everything recorded so far.
    public func epsilon(delta: Double) throws(AggregationError) -> Double {
        try Self.checkDelta(delta)
        return SampledGaussianRDP.epsilon(orders: orders, rdp: rdp, delta: delta).epsilon
    }

    /// ε at `delta` of `steps` rounds with noise multiplier σ and sampling rate q
    /// (with `steps = 1`, the per-round ε).
    public static func epsilon(noiseMultiplier: Double, samplingRate: Double, steps: Int, delta: Double,
                               orders: [Double] = defaultOrders) throws(AggregationError) -> Double {
        try checkDelta(delta)
        let values = try rdp(noiseMultiplier: noiseMultiplier, samplingRate: samplingRate, steps: steps, orders: orders)
        return SampledGaussianRDP.epsilon(orders: orders, rdp: values, delta: delta).epsilon
    }

    /// The smallest noise multiplier σ (to a relative 10⁻⁶) for which `steps` rounds at
    /// sampling rate q stay within (`targetEpsilon`, `delta`).
    public static func noiseMultiplier(targetEpsilon: Double, delta: Double, samplingRate: Double, steps: Int,
                                       orders: [Double] = defaultOrders) throws(AggregationError) -> Double {
        guard targetEpsilon.isFinite, targetEpsilon > 0 else {
            throw AggregationError(.invalidArgument, "the target ε must be positive and finite, got \(targetEpsilon)")
        }
        func epsilon(_ sigma: Double) throws(AggregationError) -> Double {
            try Self.epsilon(noiseMultiplier: sigma, samplingRate: samplingRate, steps: steps, delta: delta, orders: orders)
        }
        var high = 1.0
        while try epsilon(high) > targetEpsilon {
            high *= 2
            guard high < 1e6 else {
                throw AggregationError(.invalidArgument, "no noise multiplier below 10⁶ reaches ε = \(targetEpsilon) at δ = \(delta)")
            }
        }
        var low = high / 2
        while try epsilon(low) <= targetEpsilon, low > 1e-6 { low /= 2 }
        while (high - low) / high > 1e-6 {
            let middle = (low + high) / 2
            if try epsilon(middle) > targetEpsilon { low = middle } else { high = middle }
        }
        return high
    }

    static func rdp(noiseMultiplier: Double, samplingRate: Double, steps: Int,
                    orders: [Double]) throws(AggregationError) -> [Double] {
        guard noiseMultiplier.isFinite, noiseMultiplier >= 0 else {
            throw AggregationError(.invalidArgument, "the noise multiplier must be finite and non-negative, got \(noiseMultiplier)")
        }
        guard (0...1).contains(samplingRate) else {
            throw AggregationError(.invalidArgument, "the sampling rate must be between 0 and 1, got \(samplingRate)")
        }
        guard steps >= 0 else { throw AggregationError(.invalidArgument, "steps cannot be negative, got \(steps)") }
        guard steps > 0 else { return Array(repeating: 0, count: orders.count) }
        return orders.map {
            Double(steps) * SampledGaussianRDP.rdp(samplingRate: samplingRate, noiseMultiplier: noiseMultiplier, order: $0)
        }
    }

    static func checkDelta(_ delta: Double) throws(AggregationError) {
        guard delta > 0, delta < 1 else {
            throw AggregationError(.invalidArgument, "δ must be strictly between 0 and 1, got \(delta)")
        }
    }
}
