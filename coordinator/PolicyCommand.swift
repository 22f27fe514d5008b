import ArgumentParser
import ConfidePolicy
import ConfideStore
import Foundation

/// `policy …`: working with the YAML policies. `check` validates them, `audit` holds a store
/// against them, `ropa` writes the record of processing activities they describe.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Validate and report on the policies.",
        subcommands: [Check.self, Audit.self, Ropa.self]
    )

    /// `policy check DIR`: exit 0 when valid, 1 with every problem listed when not, 2 when unreadable.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load and validate a folder (or file) of policies; print a JSON summary or every problem with file:line:column.")
        @Argument(help: "The policy folder or file.") var path: String

        func run() async throws {
            do {
                let policy = try PolicyLoader.load(path)
                try CommandIO.printJSON(PolicySummary(policy))
            } catch let error as PolicyError {
                FileHandle.standardError.write(Data((error.description + "\n").utf8))
                throw ExitCode(error.kind == .unreadable ? 2 : 1)
            }
        }
    }
}

/// What `policy check` prints for a valid policy.
struct PolicySummary: Encodable {
    let valid = true
    let version: String
    let files: [String]
    let controller: String
    let purposes: [String]
    let kinds: [String]
    let fieldRules: Int
    let recipients: Int

    init(_ policy: Policy) {
        version = policy.version
        files = policy.files
        controller = policy.controller.name
        purposes = policy.purposes.map(\.key)
        kinds = policy.kinds.map(\.key)
        fieldRules = policy.kinds.reduce(0) { $0 + $1.fields.count }
        recipients = policy.recipients.count
    }

    enum CodingKeys: String, CodingKey {
        case valid, version, files, controller, purposes, kinds, recipients
        case fieldRules = "field_rules"
    }
}
