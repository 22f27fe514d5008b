import ArgumentParser
import ConfideAudit
import ConfidePolicy
import ConfideStore
import Foundation

extension PolicyCommand {
    /// `policy audit --db URL --policies DIR [--format text|json|html] [--out FILE] [--at TIME]`:
    /// exit 0 when clean, 1 with findings, 2 on an error (unreadable policy, unreachable
    /// database, missing key file, unwritable output).
    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Hold the store against the policies and report every finding.",
            discussion: """
                Exit status: 0 when every check passed, 1 when there are findings, 2 on an error \
                (unreadable policies, unreachable database, missing key file, unwritable output). \
                The run is recorded in the store's audit log. JSON reports follow docs/audit-report.schema.json.
                """)

        @OptionGroup var store: StoreOptions
        @Option(help: "text (aligned, coloured on a terminal), json (docs/audit-report.schema.json) or html (one self-contained page).")
        var format = "text"
        @Option(help: "Write the report to this file instead of standard output.") var out: String?
        @Option(help: "Judge retention, deadlines and consent at this instant (ISO 8601; default: now).") var at: String?

        enum Format: String, CaseIterable {
            case text, json, html
        }

        func run() async throws {
            var clean = false
            do {
                guard let format = Format(rawValue: format) else {
                    throw ValidationError("unknown format '\(format)'; expected text, json or html")
                }
                let instant = try at.map(CommandIO.parseTime) ?? Date()
                let loaded = try PolicyLoader.loadReportingProblems(store.policies)
                let opened = try await store.openExistingStore(policy: loaded.policy)
                let report: AuditReport
                do {
                    report = try await PolicyAuditor(store: opened, policy: loaded.policy, policyProblems: loaded.problems)
                        .run(at: instant)
                    try await opened.recordAudit(action: "policy.audit", details: [
                        "format": format.rawValue, "findings": String(report.totals.findings),
                        "critical": String(report.totals.critical), "audited_at": StoreJSON.format(instant),
                    ])
                    await opened.close()
                } catch {
                    await opened.close()
                    throw error
                }
                let output = ReportOutput(path: out)
                switch format {
                case .text: try output.write(TextReportRenderer(colour: output.wantsColour).render(report))
                case .json: try output.write(String(decoding: try report.jsonData(), as: UTF8.self) + "\n")
                case .html: try output.write(HTMLReportRenderer().render(report))
                }
                if let out {
                    print("wrote the \(format.rawValue) report to \(out): \(report.clean ? "clean" : "\(report.totals.findings) findings (\(report.totals.critical) critical)")")
                }
                clean = report.clean
            } catch let error as PolicyError {
                CommandIO.printError(error.kind == .unreadable ? error.description
                                     : "the policies cannot be audited against (no policy could be assembled):\n\(error.description)")
                throw ExitCode(2)
            } catch let error as StoreError {
                CommandIO.printError("error: \(error.message)")
                throw ExitCode(2)
            } catch let error as ValidationError {
                CommandIO.printError("error: \(error.message)")
                throw ExitCode(2)
            } catch let error as ExitCode {
                throw error
            } catch {
                CommandIO.printError("error: \(error)")
                throw ExitCode(2)
            }
            if !clean { throw ExitCode(1) }
        }
    }
}
