#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Arithmetic on numbers stored as their natural logarithms, for the accountant's sums
/// of terms far outside `Double`'s range.
enum LogSpace {
    /// log(exp(a) + exp(b)).
    static func add(_ a: Double, _ b: Double) -> Double {
        let (low, high) = (min(a, b), max(a, b))
        if low == -.infinity { return high }
        return log1p(exp(low - high)) + high
    }

    /// log of the binomial coefficient C(n, k) for real n (its absolute value when negative).
    static func binomial(_ n: Double, _ k: Double) -> Double {
        lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1)
    }

    /// log(erfc(x)), accurate where erfc underflows (x beyond about 26).
    static func erfcLog(_ x: Double) -> Double {
        let r = erfc(x)
        if r > 0 { return log(r) }
        // Asymptotic series of erfc at infinity: erfc(x) ~ exp(-x² - 1/(2x²) + 5/(8x⁴) - …) / (x √π).
        let x2 = 1 / (x * x)
        return -log(Double.pi) / 2 - log(x) - x * x - 0.5 * x2 + 0.625 * x2 * x2
            - 37.0 / 24.0 * x2 * x2 * x2 + 353.0 / 64.0 * x2 * x2 * x2 * x2
    }
}
