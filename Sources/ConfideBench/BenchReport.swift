import ArgumentParser
import Foundation

/// Prints benchmark figures as `name: value` lines and keeps track of the run's checks.
struct BenchReport {
    private(set) var allChecksPassed = true

    /// Prints one figure.
    func figure(_ name: String, _ value: Double, digits: Int = 3) {
        print("\(name): \(String(format: "%.\(digits)f", value))")
    }

    /// Prints one integer figure.
    func figure(_ name: String, _ value: Int) {
        print("\(name): \(value)")
    }

    /// Prints one textual figure.
    func figure(_ name: String, _ value: String) {
        print("\(name): \(value)")
    }

    /// Records a check; a failed check is reported on standard error with its name.
    mutating func check(_ condition: Bool, _ name: String) {
        if !condition {
            allChecksPassed = false
            FileHandle.standardError.write(Data("check failed: \(name)\n".utf8))
        }
    }

    /// Prints the final `correct:` line and returns the exit code for it.
    func finish() -> ExitCode {
        print("correct: \(allChecksPassed)")
        return allChecksPassed ? .success : .failure
    }
}

/// Wall-clock timing for benchmarks.
enum Timing {
    /// Seconds taken by `body`.
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try body()
        let elapsed = clock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    /// The fastest of `repetitions` runs of `body`, in seconds: the least disturbed by
    /// other load on a shared machine.
    static func best(of repetitions: Int, _ body: () throws -> Void) rethrows -> Double {
        var best = Double.infinity
        for _ in 0..<repetitions { best = min(best, try seconds(body)) }
        return best
    }

    /// The median of `repetitions` runs of `body`, in seconds.
    static func median(of repetitions: Int, _ body: () throws -> Void) rethrows -> Double {
        var samples: [Double] = []
        for _ in 0..<repetitions { samples.append(try seconds(body)) }
        samples.sort()
        return samples[samples.count / 2]
    }
}
