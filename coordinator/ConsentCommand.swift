import ArgumentParser
import ConfideStore
import Foundation

/// `consent grant|withdraw|show`: the consent ledger of one subject.
struct ConsentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consent",
        abstract: "Record or show a subject's consent for a purpose.",
        subcommands: [Grant.self, Withdraw.self, Show.self]
    )

    /// Options shared by grant and withdraw.
    struct ChangeOptions: ParsableArguments {
        @OptionGroup var store: StoreOptions
        @Option(help: "The subject's identifier.") var subject: String
        @Option(help: "The purpose, as declared in the policy.") var purpose: String
        @Option(help: "How consent was collected (default: the policy's first channel).") var channel: String?
        @Option(help: "The method of giving consent (default: the policy's first method).") var method: String?
        @Option(help: "When (ISO 8601; default: now).") var at: String?

        func record(_ action: ConsentAction) async throws {
            try await CommandIO.run {
                let instant = try at.map(CommandIO.parseTime) ?? Date()
                try await store.withStore { opened in
                    let subject = try opened.pseudonym(for: self.subject)
                    let channel = channel ?? opened.policy.consent.channels.first ?? ""
                    let method = method ?? opened.policy.consent.methods.first ?? ""
                    let receipt = action == .grant
                        ? try await opened.grantConsent(subject: subject, purpose: purpose, channel: channel, method: method, at: instant)
                        : try await opened.withdrawConsent(subject: subject, purpose: purpose, channel: channel, method: method, at: instant)
                    try CommandIO.printJSON(receipt)
                }
            }
        }
    }

    /// `consent grant`: prints the signed receipt.
    struct Grant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record consent and print the signed receipt.")
        @OptionGroup var options: ChangeOptions
        func run() async throws { try await options.record(.grant) }
    }

    /// `consent withdraw`: prints the signed receipt.
    struct Withdraw: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a withdrawal and print the signed receipt.")
        @OptionGroup var options: ChangeOptions
        func run() async throws { try await options.record(.withdraw) }
    }

    /// `consent show`: the status now or at a past instant.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the consent status for a purpose (or every consent-based purpose) now or at a past instant.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The subject's identifier.") var subject: String
        @Option(help: "The purpose (default: every purpose based on consent).") var purpose: String?
        @Option(help: "The instant to evaluate (ISO 8601; default: now).") var at: String?

        func run() async throws {
            try await CommandIO.run {
                let instant = try at.map(CommandIO.parseTime) ?? Date()
                try await store.withStore { opened in
                    let subject = try opened.pseudonym(for: self.subject)
                    if let purpose {
                        try CommandIO.printJSON([try await opened.consentStatus(subject: subject, purpose: purpose, at: instant)])
                    } else {
                        try CommandIO.printJSON(try await opened.consentStatuses(subject: subject, at: instant))
                    }
                }
            }
        }
    }
}
