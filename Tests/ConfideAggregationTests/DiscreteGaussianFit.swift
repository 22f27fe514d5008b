import Foundation

/// The exact distribution of N_Z(0, σ²), computed by summing exp(−x²/(2σ²)) over
/// |x| ≤ 40σ + 10 (the rest weighs below e^{−800}), and goodness-of-fit statistics
/// of samples against it.
struct DiscreteGaussianFit {
    /// σ.
    let sigma: Double
    /// The largest |x| kept.
    let radius: Int
    /// P[X = x] at index x + radius.
    let probabilities: [Double]

    init(sigma: Double) {
        self.sigma = sigma
        radius = Int((40 * sigma).rounded(.up)) + 10
        let weights = (-radius...radius).map { exp(-Double($0 * $0) / (2 * sigma * sigma)) }
        // Sum the small tails first for accuracy.
        let total = weights.sorted().reduce(0, +)
        probabilities = weights.map { $0 / total }
    }

    /// P[X = x].
    func probability(_ x: Int) -> Double { abs(x) > radius ? 0 : probabilities[x + radius] }

    /// The exact variance E[X²] (slightly below σ² for small σ).
    var variance: Double { moment(2) }

    /// E[X^power].
    func moment(_ power: Int) -> Double {
        (-radius...radius).reduce(0) { $0 + pow(Double($1), Double(power)) * probability($1) }
    }

    /// Pearson's χ² of `samples` against the exact pmf and its degrees of freedom: one bin
    /// per value whose expected count is at least 5, the two tails pooled into the
    /// outermost such bins.
    func chiSquared(_ samples: [Int64]) -> (statistic: Double, degreesOfFreedom: Int) {
        let n = Double(samples.count)
        var edge = 0
        while n * probability(edge + 1) >= 5 { edge += 1 }
        var counts = [Double](repeating: 0, count: 2 * edge + 1)
        for sample in samples {
            let x = Int(max(-Int64(edge), min(Int64(edge), sample)))
            counts[x + edge] += 1
        }
        var statistic = 0.0
        for x in -edge...edge {
            var p = probability(x)
            if x == edge || x == -edge { p = (abs(x)...radius).reduce(0) { $0 + probability($1) } }
            let expected = n * p
            statistic += (counts[x + edge] - expected) * (counts[x + edge] - expected) / expected
        }
        return (statistic, 2 * edge)
    }

    /// The χ² value a correct sampler exceeds with probability about 10⁻⁶ (z = 4.753),
    /// from the Wilson–Hilferty approximation (conservative for few degrees of freedom).
    static func criticalValue(degreesOfFreedom k: Int, z: Double = 4.753) -> Double {
        let k = Double(k)
        return k * pow(1 - 2 / (9 * k) + z * (2 / (9 * k)).squareRoot(), 3)
    }
}
