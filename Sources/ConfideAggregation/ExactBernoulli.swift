import ConfideCrypto

/// Coins of exact rational and exponential probabilities, from uniform integers only
/// (Canonne, Kamath and Steinke 2020, "The Discrete Gaussian for Differential Privacy",
/// Algorithm 1). No floating point decides any outcome.
enum ExactBernoulli {
    /// True with probability `numerator / denominator` (numerator ≤ denominator, denominator > 0).
    static func rational(_ numerator: UInt64, over denominator: UInt64, _ random: SecureRandomStream) -> Bool {
        random.uniform(below: denominator) < numerator
    }

    /// True with probability exp(−numerator/denominator) for numerator ≤ denominator.
    ///
    /// Algorithm 1 for γ ∈ [0, 1]: draw A_K ∼ Bernoulli(γ/K) for K = 1, 2, … until the
    /// first A_K = 0; the K reached is odd with probability exactly e^{−γ}. Bernoulli(γ/K)
    /// is drawn as Bernoulli(γ) AND Bernoulli(1/K), two independent coins, so every
    /// denominator stays within 64 bits.
    static func expMinus(_ numerator: UInt64, over denominator: UInt64, _ random: SecureRandomStream) -> Bool {
        var k: UInt64 = 1
        while rational(numerator, over: denominator, random), random.uniform(below: k) == 0 {
            k += 1
        }
        return k & 1 == 1
    }

    /// True with probability e^{−1} (Algorithm 1 with γ = 1: A_K ∼ Bernoulli(1/K)).
    static func expMinusOne(_ random: SecureRandomStream) -> Bool {
        var k: UInt64 = 1
        while random.uniform(below: k) == 0 { k += 1 }
        return k & 1 == 1
    }

    /// True with probability exp(−(whole + numerator/denominator)): `whole` coins of e^{−1}
    /// and one of the fractional part, stopping at the first failure.
    static func expMinus(whole: UInt64, _ numerator: UInt64, over denominator: UInt64, _ random: SecureRandomStream) -> Bool {
        var remaining = whole
        while remaining > 0 {
            guard expMinusOne(random) else { return false }
            remaining -= 1
        }
        return expMinus(numerator, over: denominator, random)
    }
}
