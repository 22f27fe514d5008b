import ConfideProtocol
import Foundation

/// Prints one line per finished round and, on a terminal, a progress bar under them.
struct RoundPrinter {
    let isTerminal = isatty(STDOUT_FILENO) == 1
    private(set) var printed = 0

    /// Prints the rounds of `status` not printed yet, then the bar (terminal only).
    mutating func update(_ status: JobStatus, planned: Int) {
        if isTerminal, printed < status.rounds.count { clearBar() }
        for summary in status.rounds.dropFirst(printed) {
            say(Self.line(summary, number: printed + 1))
            printed += 1
        }
        if isTerminal { bar(done: status.rounds.filter { $0.outcome == "completed" }.count, of: planned, task: status.task.rawValue) }
    }

    /// Clears the bar before other output.
    func finish() {
        if isTerminal { clearBar() }
    }

    static func line(_ summary: RoundSummary, number: Int) -> String {
        // Under differential privacy the metric comes from the noised aggregate and can stray far
        // (even below zero); the label says so rather than hiding it.
        let noised = summary.epsilon.isFinite ? " (noised)" : ""
        let metric = summary.metric.map { "\(summary.metricName ?? "metric") \(format($0))\(noised)" } ?? "-"
        let epsilon = summary.epsilon.isFinite ? format(summary.epsilon) : "∞ (no noise)"
        var line = "round \(number) \(summary.task) \(summary.work) \(summary.outcome)  cohort \(summary.cohort)  "
            + "dropped \(summary.dropped)  \(metric)  ε \(epsilon)  \(String(format: "%.2f", summary.seconds))s"
        if let reason = summary.reason { line += "  (\(reason))" }
        return line
    }

    static func format(_ value: Double) -> String {
        abs(value) >= 1_000 ? String(format: "%.1f", value) : String(format: "%.4g", value)
    }

    private func bar(done: Int, of total: Int, task: String) {
        let width = 30, filled = total > 0 ? min(width, done * width / total) : 0
        let text = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] \(done)/\(total) \(task) rounds"
        FileHandle.standardOutput.write(Data(("\r" + text).utf8))
    }

    private func clearBar() {
        FileHandle.standardOutput.write(Data("\r\u{1B}[2K".utf8))
    }
}
