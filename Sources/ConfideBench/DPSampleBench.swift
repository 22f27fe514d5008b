import ArgumentParser
import ConfideAggregation
import ConfideCrypto
import Foundation

/// `confide-bench dp-sample`: samples of a noise mechanism, one integer per line on
/// standard output, so the sampler can be checked against its exact distribution from
/// outside (`scripts/dgauss-check.py`). A summary goes to standard error.
struct DPSampleBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dp-sample",
        abstract: "Print samples of a privacy noise mechanism, one per line (summary on standard error)."
    )

    /// The mechanisms that can be sampled.
    enum Mechanism: String, ExpressibleByArgument {
        /// The exact discrete Gaussian N_Z(0, σ²) (`DiscreteGaussian`).
        case discreteGaussian = "discrete-gaussian"
    }

    /// The most samples one run prints.
    static let maxCount = 100_000_000

    @Option(help: "The mechanism: discrete-gaussian.")
    var mechanism: Mechanism

    @Option(help: "Standard deviation σ of the noise (σ² = σ·σ), from 2^-10 to 2^30.")
    var sigma: Double

    @Option(help: "How many samples to print, 1 to 10^8.")
    var count: Int

    func validate() throws {
        guard sigma.isFinite, sigma > 0 else { throw ValidationError("--sigma must be a positive finite number, got \(sigma)") }
        guard DiscreteGaussian.supportedStandardDeviations.contains(sigma) else {
            throw ValidationError("--sigma must be from 2^-10 (\(DiscreteGaussian.supportedStandardDeviations.lowerBound)) to 2^30, got \(sigma)")
        }
        guard (1...Self.maxCount).contains(count) else {
            throw ValidationError("--count must be from 1 to \(Self.maxCount), got \(count)")
        }
    }

    func run() throws {
        let distribution = try DiscreteGaussian(standardDeviation: sigma)
        let random = try SecureRandomStream()
        var line = [UInt8]()
        line.reserveCapacity(1 << 16)
        var sum = 0.0, sumOfSquares = 0.0
        let seconds = Timing.seconds {
            for _ in 0..<count {
                let value = distribution.sample(using: random)
                sum += Double(value)
                sumOfSquares += Double(value) * Double(value)
                line.append(contentsOf: String(value).utf8)
                line.append(UInt8(ascii: "\n"))
                if line.count >= 1 << 16 - 32 {
                    FileHandle.standardOutput.write(Data(line))
                    line.removeAll(keepingCapacity: true)
                }
            }
        }
        FileHandle.standardOutput.write(Data(line))
        let n = Double(count)
        let mean = sum / n
        let variance = count > 1 ? (sumOfSquares - n * mean * mean) / (n - 1) : 0
        let summary = """
            mechanism: \(mechanism.rawValue)
            sigma_squared: \(distribution.varianceNumerator)/2^\(distribution.varianceExponent)
            count: \(count)
            mean: \(String(format: "%.6f", mean))
            variance: \(String(format: "%.6f", variance))
            samples_per_second: \(String(format: "%.0f", n / max(seconds, 1e-9)))

            """
        FileHandle.standardError.write(Data(summary.utf8))
    }
}
