#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Rényi differential privacy of the Poisson-subsampled Gaussian mechanism
/// (Mironov, Talwar and Zhang 2019, "Rényi Differential Privacy of the Sampled Gaussian
/// Mechanism"), and its conversion to (ε, δ).
///
/// Each record (here: each device) is included independently with probability q and
/// the sum of included, L2-clipped contributions receives Gaussian noise of standard
/// deviation σ times the clip norm. The formulas follow the paper's Sections 3.2 (integer
/// orders, exact) and 3.3 (fractional orders, a convergent series), as Google's
/// `dp-accounting` computes them, so the two agree.
public enum SampledGaussianRDP {
    /// The RDP ε(α) of one application at order `order` (> 1); `.infinity` when no bound is available.
    public static func rdp(samplingRate q: Double, noiseMultiplier sigma: Double, order alpha: Double) -> Double {
        if q == 0 { return 0 }
        if sigma == 0 || alpha.isInfinite { return .infinity }
        if q == 1 { return alpha / (2 * sigma * sigma) }
        let logA = alpha == alpha.rounded() ? logAInteger(q, sigma, Int(alpha)) : logAFraction(q, sigma, alpha)
        return logA / (alpha - 1)
    }

    /// The smallest ε over `orders` such that RDP values `rdp` imply (ε, δ)-DP, and the order
    /// achieving it. Uses the conversion of Canonne, Kamath and Steinke (2020), Proposition 12:
    /// ε = r + log(1 − 1/α) − log(δ·α)/(α − 1).
    public static func epsilon(orders: [Double], rdp: [Double], delta: Double) -> (epsilon: Double, order: Double) {
        if delta == 0 { return (rdp.allSatisfy { $0 == 0 } ? 0 : .infinity, 0) }
        var best = (epsilon: Double.infinity, order: orders.first ?? 0)
        for (alpha, r) in zip(orders, rdp) {
            let epsilon: Double
            if r < 0 {
                epsilon = 0
            } else if delta * delta + expm1(-r) > 0 {
                // Small enough divergence that the KL bound alone gives δ: ε = 0.
                epsilon = 0
            } else if alpha > 1.01 {
                epsilon = r + log1p(-1 / alpha) - log(delta * alpha) / (alpha - 1)
            } else {
                epsilon = .infinity
            }
            if epsilon < best.epsilon { best = (epsilon, alpha) }
        }
        return (max(0, best.epsilon), best.order)
    }

    /// log A_α for integer α: the binomial expansion Σ C(α,i) (1−q)^(α−i) q^i exp((i²−i)/(2σ²)).
    static func logAInteger(_ q: Double, _ sigma: Double, _ alpha: Int) -> Double {
        var logA = -Double.infinity
        let logQ = log(q)
        let log1mq = log1p(-q)
        for i in 0...alpha {
            let a = Double(alpha)
            let k = Double(i)
            let term = LogSpace.binomial(a, k) + k * logQ + (a - k) * log1mq + (k * k - k) / (2 * sigma * sigma)
            logA = LogSpace.add(logA, term)
        }
        return logA
    }

    /// log A_α for fractional α: the two-sided series of Section 3.3, summed until both
    /// sides decrease and fall 30 nats below the total.
    static func logAFraction(_ q: Double, _ sigma: Double, _ alpha: Double) -> Double {
        var logA0 = -Double.infinity
        var logA1 = -Double.infinity
        let z0 = sigma * sigma * log(1 / q - 1) + 0.5
        let logQ = log(q)
        let log1mq = log1p(-q)
        var lastS0 = -Double.infinity
        var lastS1 = -Double.infinity
        for step in 0..<1000 {
            let i = Double(step)
            let coefficient = LogSpace.binomial(alpha, i)
            let j = alpha - i
            let t0 = coefficient + i * logQ + j * log1mq
            let t1 = coefficient + j * logQ + i * log1mq
            let e0 = log(0.5) + LogSpace.erfcLog((i - z0) / (2.0.squareRoot() * sigma))
            let e1 = log(0.5) + LogSpace.erfcLog((z0 - j) / (2.0.squareRoot() * sigma))
            let s0 = t0 + (i * i - i) / (2 * sigma * sigma) + e0
            let s1 = t1 + (j * j - j) / (2 * sigma * sigma) + e1
            logA0 = LogSpace.add(logA0, s0)
            logA1 = LogSpace.add(logA1, s1)
            let total = LogSpace.add(logA0, logA1)
            if s0 < lastS0, s1 < lastS1, max(s0, s1) < total - 30 { return total }
            lastS0 = s0
            lastS1 = s1
        }
        // Did not converge: exclude this order (an infinite bound is never the minimum).
        return .infinity
    }
}
