#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The privacy loss of the Poisson-subsampled Gaussian mechanism (sensitivity 1, noise
/// standard deviation σ, sampling rate q) under add-or-remove adjacency, and its
/// pessimistic discretization.
///
/// With μ the density of N(0, σ²), the two directions are (Koskela et al. 2020; Google's
/// `dp-accounting`):
/// - *remove*: the outcome is drawn from (1−q)μ(x) + qμ(x+1) and compared with μ(x), loss
///   log(1 − q + q·e^{(−1/2 − x)/σ²});
/// - *add*: drawn from μ(x), compared with (1−q)μ(x) + qμ(x−1), loss the negated remove loss at −x.
///
/// Both losses decrease in x, so the hockey-stick divergence has a closed form through the
/// normal distribution function. With q = 1 the two directions coincide.
struct SampledGaussianPrivacyLoss: Sendable {
    /// Which of the two neighbouring datasets has the extra record.
    enum Direction: Sendable { case remove, add }

    /// The noise multiplier σ.
    let sigma: Double
    /// The sampling rate q in (0, 1].
    let q: Double
    /// The direction of adjacency.
    let direction: Direction

    /// The standard normal quantile at ½e^{−50}: the noise is truncated at this many
    /// standard deviations (all but e^{−50} of the mass), as `dp-accounting`'s default
    /// `log_mass_truncation_bound` = −50 does.
    static let truncationQuantile: Double = {
        let target = log(0.5) - 50
        var low = -40.0, high = 0.0
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if logNormalCDF(middle) < target { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }()

    /// The privacy loss of outcome x (nats).
    func loss(_ x: Double) -> Double {
        switch direction {
        case .remove: return removeLoss(x)
        case .add: return -removeLoss(-x)
        }
    }

    private func removeLoss(_ x: Double) -> Double {
        let unsampled = (-0.5 - x) / (sigma * sigma)
        if q == 1 { return unsampled }
        return LogSpace.add(log(q) + unsampled, log1p(-q))
    }

    /// The largest x whose loss is at least `loss` under removal: solves
    /// log(1 − q + q·e^u) = loss for u = (−1/2 − x)/σ².
    private func removeInverse(_ loss: Double) -> Double {
        if q == 1 { return -0.5 - loss * sigma * sigma }
        // u = log(1 + (e^loss − 1)/q) = loss − log q + log(1 − (1 − q)e^{−loss}).
        let unsampled = loss - log(q) + log1p(-exp(log1p(-q) - loss))
        return -0.5 - unsampled * sigma * sigma
    }

    /// The hockey-stick divergence δ(ε) of the continuous mechanism in this direction:
    /// P_upper[loss > ε] − e^ε P_lower[loss > ε], exact up to rounding.
    func delta(epsilon: Double) -> Double {
        let x: Double
        switch direction {
        case .remove:
            // Below log(1 − q) every outcome's loss exceeds ε.
            if q < 1, epsilon <= log1p(-q) { return -expm1(epsilon) }
            x = removeInverse(epsilon)
        case .add:
            // The loss never exceeds −log(1 − q).
            if q < 1, epsilon >= -log1p(-q) { return 0 }
            x = -removeInverse(-epsilon)
        }
        let delta = upperCDF(x) - exp(epsilon + lowerLogCDF(x))
        return min(1, max(0, delta.isNaN ? 0 : delta))
    }

    /// P[X ≤ x] for X drawn from the distribution the loss is averaged over.
    private func upperCDF(_ x: Double) -> Double {
        switch direction {
        case .add:
            return Self.normalCDF(x / sigma)
        case .remove:
            if q == 1 { return Self.normalCDF((x + 1) / sigma) }
            return (1 - q) * Self.normalCDF(x / sigma) + q * Self.normalCDF((x + 1) / sigma)
        }
    }

    /// log P[X ≤ x] for X drawn from the other distribution.
    private func lowerLogCDF(_ x: Double) -> Double {
        switch direction {
        case .remove:
            return Self.logNormalCDF(x / sigma)
        case .add:
            if q == 1 { return Self.logNormalCDF((x - 1) / sigma) }
            return LogSpace.add(log1p(-q) + Self.logNormalCDF(x / sigma), log(q) + Self.logNormalCDF((x - 1) / sigma))
        }
    }

    /// The discretized distribution on the grid kΔ by the pessimistic connect-the-dots
    /// method (Doroshenko, Ghazi, Kamath, Kumar, Manurangsi 2022, Algorithm 1), which
    /// `dp-accounting` uses for the Gaussian.
    ///
    /// The support is the grid points between the losses at the truncation points
    /// ±`truncationQuantile`·σ (shifted by the sensitivity on the side the direction
    /// shifts), plus +∞. The masses are chosen so that the discrete distribution's δ(ε)
    /// equals the exact one at every grid point; in between, e^{−ε}δ(ε) of the discrete
    /// distribution is linear in e^{−ε}: the chord of the exact
    /// e^{−ε}δ(ε) = E[(e^{−ε} − e^{−loss})₊], which is convex in e^{−ε}. A chord lies above a
    /// convex function, so δ is never understated. The mass at +∞ is δ at the largest grid
    /// point, which covers every outcome beyond the truncation.
    func discretized(interval: Double) throws(AggregationError) -> PrivacyLossDistribution {
        var lowerX = Self.truncationQuantile * sigma
        var upperX = -lowerX
        switch direction {
        case .add: upperX += 1
        case .remove: lowerX -= 1
        }
        let top = Int((loss(lowerX) / interval).rounded(.up))
        let bottom = Int((loss(upperX) / interval).rounded(.down))
        let count = top - bottom + 1
        try PrivacyLossDistribution.checkCount(count)
        var deltas = (0..<count).map { delta(epsilon: Double(bottom + $0) * interval) }
        // δ(ε) is non-increasing; remove rounding wiggles so masses stay meaningful.
        for i in deltas.indices.dropFirst() { deltas[i] = min(deltas[i], deltas[i - 1]) }
        guard count > 1 else {
            return PrivacyLossDistribution(interval: interval, lowerIndex: bottom,
                                           probabilities: [1 - deltas[0]], infinityMass: deltas[0])
        }
        let growth = expm1(interval)
        let factor = exp(interval)
        var probabilities = [Double](repeating: 0, count: count)
        probabilities[0] = 1 - deltas[0] + (deltas[1] - deltas[0]) / growth
        for i in 1..<(count - 1) {
            probabilities[i] = ((deltas[i + 1] - deltas[i]) - (deltas[i] - deltas[i - 1]) * factor) / growth
        }
        probabilities[count - 1] = (deltas[count - 1] - deltas[count - 2]) / expm1(-interval)
        for i in probabilities.indices { probabilities[i] = max(0, probabilities[i]) }
        return PrivacyLossDistribution(interval: interval, lowerIndex: bottom,
                                       probabilities: probabilities, infinityMass: deltas[count - 1])
    }

    /// Φ(z), the standard normal distribution function.
    static func normalCDF(_ z: Double) -> Double {
        0.5 * erfc(-z / 2.0.squareRoot())
    }

    /// log Φ(z), accurate in both tails.
    static func logNormalCDF(_ z: Double) -> Double {
        if z > 0 { return log1p(-0.5 * erfc(z / 2.0.squareRoot())) }
        return log(0.5) + LogSpace.erfcLog(-z / 2.0.squareRoot())
    }
}
