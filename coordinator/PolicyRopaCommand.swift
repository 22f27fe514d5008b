import ArgumentParser
import ConfideAudit
import ConfidePolicy
import Foundation

extension PolicyCommand {
    /// `policy ropa --policies DIR [--format md|json] [--out FILE]`: the GDPR Art. 30 record of
    /// processing activities. Exit 0 when written, 1 when the policies are invalid (every
    /// problem listed), 2 when they cannot be read or the output cannot be written.
    struct Ropa: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the record of processing activities (GDPR Art. 30) the policies describe.")

        @Option(name: .customLong("policies"), help: "The folder (or file) of YAML policies.") var policies = "policies"
        @Option(help: "md (Markdown) or json.") var format = "md"
        @Option(help: "Write the record to this file instead of standard output.") var out: String?

        func run() async throws {
            guard format == "md" || format == "json" else {
                CommandIO.printError("error: unknown format '\(format)'; expected md or json")
                throw ExitCode(2)
            }
            let policy: Policy
            do {
                policy = try PolicyLoader.load(policies)
            } catch {
                FileHandle.standardError.write(Data((error.description + "\n").utf8))
                throw ExitCode(error.kind == .unreadable ? 2 : 1)
            }
            let record = RecordOfProcessing(policy: policy)
            do {
                let text = format == "md" ? record.markdown() : String(decoding: try record.jsonData(), as: UTF8.self) + "\n"
                try ReportOutput(path: out).write(text)
            } catch {
                CommandIO.printError("error: \(error)")
                throw ExitCode(2)
            }
        }
    }
}
