import ArgumentParser
import ConfideAggregation

/// `confide-bench dp-epsilon`: the (ε, δ) of a training run from a privacy accountant.
struct DPEpsilonBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dp-epsilon",
        abstract: "ε of T rounds of the Poisson-subsampled Gaussian mechanism (RDP or PLD accountant)."
    )

    /// The privacy accountant to run.
    enum Accountant: String, ExpressibleByArgument {
        /// Rényi DP over dp-accounting's default orders (`PrivacyAccountant`).
        case rdp
        /// Privacy loss distributions on a 10⁻⁴-nat grid (`PLDAccountant`).
        case pld
    }

    @Option(help: "Noise multiplier σ (noise standard deviation over the clip norm).")
    var noise: Double

    @Option(name: .customLong("sampling-rate"), help: "Probability q that a device takes part in a round.")
    var samplingRate: Double

    @Option(help: "Number of rounds T.")
    var steps: Int

    @Option(help: "Target δ.")
    var delta: Double = 1e-5

    @Option(help: "Accountant: pld (privacy loss distributions, what the coordinator uses) or rdp (Rényi DP, looser; the audit's cross-check).")
    var accountant: Accountant = .pld

    @Option(help: "Grid spacing of privacy losses for the PLD accountant, in nats (coarser is faster and looser).")
    var discretization: Double = PLDAccountant.defaultDiscretizationInterval

    func validate() throws {
        guard noise > 0, noise.isFinite else { throw ValidationError("--noise must be positive") }
        guard (0...1).contains(samplingRate), samplingRate > 0 else { throw ValidationError("--sampling-rate must be in (0, 1]") }
        guard steps > 0 else { throw ValidationError("--steps must be positive") }
        guard delta > 0, delta < 1 else { throw ValidationError("--delta must be strictly between 0 and 1") }
        guard discretization > 0, discretization <= 1 else { throw ValidationError("--discretization must be in (0, 1] nats") }
    }

    func run() throws {
        var report = BenchReport()
        var epsilon = 0.0
        let seconds = try Timing.seconds {
            epsilon = try self.epsilon(steps: steps)
        }
        report.figure("epsilon", epsilon, digits: 6)
        report.figure("epsilon_per_round", try self.epsilon(steps: 1), digits: 6)
        report.figure("accountant_ms", seconds * 1e3, digits: 2)
        // The inverse must give back the noise multiplier we started from (to the
        // calibration's tolerance: 10⁻⁶ for RDP, 10⁻⁴ for PLD).
        if epsilon.isFinite, epsilon > 0 {
            let sigma: Double
            switch accountant {
            case .rdp:
                sigma = try PrivacyAccountant.noiseMultiplier(targetEpsilon: epsilon, delta: delta, samplingRate: samplingRate, steps: steps)
            case .pld:
                sigma = try PLDAccountant.noiseMultiplier(targetEpsilon: epsilon, delta: delta, samplingRate: samplingRate, steps: steps,
                                                          discretizationInterval: discretization)
            }
            report.figure("noise_for_epsilon", sigma, digits: 6)
            report.check(abs(sigma - noise) / noise < 1e-3, "the inverse recovers the noise multiplier")
        }
        report.check(epsilon.isFinite, "ε is finite")
        throw report.finish()
    }

    private func epsilon(steps: Int) throws -> Double {
        switch accountant {
        case .rdp:
            try PrivacyAccountant.epsilon(noiseMultiplier: noise, samplingRate: samplingRate, steps: steps, delta: delta)
        case .pld:
            try PLDAccountant.epsilon(noiseMultiplier: noise, samplingRate: samplingRate, steps: steps, delta: delta,
                                      discretizationInterval: discretization)
        }
    }
}
