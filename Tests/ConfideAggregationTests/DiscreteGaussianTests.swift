import ConfideCrypto
import Foundation
import Testing
@testable import ConfideAggregation

@Suite("The exact discrete Gaussian sampler")
struct DiscreteGaussianTests {
    static let sampleCount = 200_000

    /// The χ² statistic, its degrees of freedom and its critical value for `samples` against N_Z(0, σ²).
    static func fit(_ samples: [Int64], sigma: Double) -> (chi2: Double, dof: Int, critical: Double) {
        let (chi2, dof) = DiscreteGaussianFit(sigma: sigma).chiSquared(samples)
        return (chi2, dof, DiscreteGaussianFit.criticalValue(degreesOfFreedom: dof))
    }

    @Test("σ² is held exactly as n/2^k, with c = ⌊σ⌋ for σ ≥ 1")
    func representation() throws {
        let half = try DiscreteGaussian(standardDeviation: 0.5)
        #expect(half.varianceNumerator == 1 && half.varianceExponent == 2 && half.shift == 0)
        let three = try DiscreteGaussian(standardDeviation: 3)
        #expect(three.varianceNumerator == 9 && three.varianceExponent == 0 && three.shift == 3)
        let large = try DiscreteGaussian(variance: 0x1p60)
        #expect(large.variance == 0x1p60 && large.shift == 1 << 30)
        let odd = try DiscreteGaussian(variance: 2.1)
        #expect(odd.variance == 2.1 && odd.shift == 1)
        // Below 1, σ² is rounded up to a multiple of 2^-31.
        let tenth = try DiscreteGaussian(standardDeviation: 0.1)
        #expect(tenth.variance >= 0.1 * 0.1 && tenth.variance - 0.1 * 0.1 < 0x1p-31)
        #expect(DiscreteGaussian.integerSquareRoot(UInt64.max) == UInt64(UInt32.max))
        #expect(DiscreteGaussian.integerSquareRoot(99) == 9 && DiscreteGaussian.integerSquareRoot(100) == 10)
        for bad in [0, -1, .nan, .infinity, 0x1p-11, 0x1p31] {
            #expect(throws: AggregationError.self) { try DiscreteGaussian(standardDeviation: bad) }
        }
    }

    @Test("Samples fit the exact pmf (χ² at p = 10⁻⁶), with mean 0 and the exact variance",
          arguments: [0.5, 1, 3, 10, 100])
    func matchesExactDistribution(sigma: Double) throws {
        let samples = try DiscreteGaussian(standardDeviation: sigma).samples(count: Self.sampleCount)
        let (chi2, dof, critical) = Self.fit(samples, sigma: sigma)
        print("discrete Gaussian σ=\(sigma): χ²=\(chi2) dof=\(dof) critical=\(critical)")
        #expect(chi2 < critical, "σ=\(sigma): χ² \(chi2) with \(dof) degrees of freedom")

        let exact = DiscreteGaussianFit(sigma: sigma)
        let n = Double(samples.count)
        let mean = samples.reduce(0.0) { $0 + Double($1) } / n
        let variance = samples.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / (n - 1)
        // Five standard errors: √(var/N) for the mean, √((E[X⁴] − var²)/N) for the variance.
        #expect(abs(mean) < 5 * (exact.variance / n).squareRoot(), "σ=\(sigma): mean \(mean)")
        let varianceError = ((exact.moment(4) - exact.variance * exact.variance) / n).squareRoot()
        #expect(abs(variance - exact.variance) < 5 * varianceError, "σ=\(sigma): variance \(variance) vs \(exact.variance)")
    }

    @Test("The test bites: the sampler at 1.05σ fails it", arguments: [0.5, 1, 3, 10, 100])
    func widerSamplerFails(sigma: Double) throws {
        let samples = try DiscreteGaussian(standardDeviation: 1.05 * sigma).samples(count: Self.sampleCount)
        let (chi2, dof, critical) = Self.fit(samples, sigma: sigma)
        print("σ×1.05 against σ=\(sigma): χ²=\(chi2) dof=\(dof) critical=\(critical)")
        #expect(chi2 > critical, "σ=\(sigma): χ² \(chi2) should exceed \(critical)")
    }

    @Test("The test bites: a rounded continuous Gaussian of the right σ fails it", arguments: [0.5, 1])
    func roundedContinuousFails(sigma: Double) throws {
        let samples = try SecureRandom.gaussians(count: Self.sampleCount, standardDeviation: sigma).map { Int64($0.rounded()) }
        let (chi2, dof, critical) = Self.fit(samples, sigma: sigma)
        print("rounded continuous σ=\(sigma): χ²=\(chi2) dof=\(dof) critical=\(critical)")
        #expect(chi2 > critical)
    }

    @Test("Tiny and huge σ: almost all zeros; samples of the right spread at 2^30")
    func extremes() throws {
        let tiny = try DiscreteGaussian(standardDeviation: 0x1p-10).samples(count: 1000)
        #expect(tiny.allSatisfy { $0 == 0 })
        let huge = try DiscreteGaussian(standardDeviation: 0x1p30).samples(count: 2000)
        let deviation = (huge.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(huge.count)).squareRoot()
        // The sample standard deviation's relative standard error is 1/√(2N) ≈ 1.6 %.
        #expect(abs(deviation / 0x1p30 - 1) < 0.08)
    }
}
