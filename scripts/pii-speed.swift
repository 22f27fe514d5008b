// Redactor throughput, release-built without the package: the PII sources are compiled
// together with this file, so the figure measures only PIIScanner.redact.
//
//   scripts/pii-speed          (builds var/pii-speed with swiftc -O and runs it)
//
// Input: the texts of Tests/ConfideStoreTests/Resources/pii-corpus.jsonl, one per line,
// repeated to at least 400 KB (or the size given second, in bytes), redacted as one string
// (as `pii redact` does with its standard input) and line by line; best of three runs each.
import Foundation

@main
struct PIISpeed {
    static func main() throws {
        let path = CommandLine.arguments.dropFirst().first ?? "Tests/ConfideStoreTests/Resources/pii-corpus.jsonl"
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { line -> String in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["text"] as? String ?? ""
        }
        let block = lines.joined(separator: "\n") + "\n"
        let size = CommandLine.arguments.dropFirst(2).first.flatMap { Int($0) } ?? 400_000
        let text = String(repeating: block, count: max(1, size / block.utf8.count + 1))
        let textLines = text.split(separator: "\n").map(String.init)
        var output = 0
        let whole = best { output = PIIScanner.standard.redact(text).utf8.count }
        let perLine = best { for line in textLines { _ = PIIScanner.standard.redact(line) } }
        let bytes = Double(text.utf8.count)
        print("input_bytes: \(text.utf8.count)")
        print("output_bytes: \(output)")
        print(String(format: "pii_redact_whole_mb_per_s: %.2f", bytes / whole.wall / 1e6))
        print(String(format: "pii_redact_lines_mb_per_s: %.2f", bytes / perLine.wall / 1e6))
        // CPU time is less disturbed than wall time when other jobs share the cores.
        print(String(format: "pii_redact_whole_mb_per_cpu_s: %.2f", bytes / whole.cpu / 1e6))
        print(String(format: "pii_redact_lines_mb_per_cpu_s: %.2f", bytes / perLine.cpu / 1e6))
    }

    /// The best wall-clock and best CPU seconds of three runs.
    static func best(_ body: () -> Void) -> (wall: Double, cpu: Double) {
        var wall = Double.infinity, cpu = Double.infinity
        for _ in 0..<3 {
            let clock = ContinuousClock()
            let start = clock.now
            let startCPU = Foundation.clock()
            body()
            cpu = min(cpu, Double(Foundation.clock() - startCPU) / Double(CLOCKS_PER_SEC))
            let elapsed = clock.now - start
            wall = min(wall, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
        return (wall, cpu)
    }
}
