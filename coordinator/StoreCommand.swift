import ArgumentParser
import ConfideStore
import Foundation

/// `store verify|purge`: integrity and retention of the whole store.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Verify the ledgers or purge data past retention.",
        subcommands: [Verify.self, Purge.self]
    )

    /// `store verify`: exit 0 when both chains are intact, 1 when one is broken, 2 on an error.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Walk the consent ledger and the audit log; report the first broken link of each.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            var intact = true
            try await CommandIO.run(failureCode: 2) {
                try await store.withStore { opened in
                    let report = try await opened.verify()
                    intact = report.isIntact
                    try CommandIO.printJSON(VerifyOutput(intact: report.isIntact, consent: report.consent, audit: report.audit))
                }
            }
            if !intact { throw ExitCode(1) }
        }
    }

    /// `store purge [--dry-run]`.
    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete records past their purposes' retention.")
        @OptionGroup var store: StoreOptions
        @Flag(help: "Count what would be deleted; delete nothing.") var dryRun = false
        @Option(help: "Measure retention at this instant (ISO 8601; default: now).") var at: String?

        func run() async throws {
            try await CommandIO.run {
                let instant = try at.map(CommandIO.parseTime) ?? Date()
                try await store.withStore { opened in
                    try CommandIO.printJSON(try await opened.purge(at: instant, dryRun: dryRun))
                }
            }
        }
    }
}

/// What `store verify` prints.
struct VerifyOutput: Encodable {
    let intact: Bool
    let consent: IntegrityReport.Chain
    let audit: IntegrityReport.Chain
}
