import ArgumentParser
import ConfideStore
import Foundation

/// `subject ingest|export|erase`: one data subject's records, access and erasure.
struct SubjectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subject",
        abstract: "Store, export or erase a data subject's data.",
        subcommands: [Ingest.self, Export.self, Erase.self]
    )

    /// `subject ingest --subject ID --kind KIND` with a JSON record on standard input.
    struct Ingest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store one record (a JSON object on standard input) after the policy's field rules; prints what was stored.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The subject's identifier (pseudonymized at once; never stored).") var subject: String
        @Option(help: "The record kind, as declared in the policy.") var kind: String

        func run() async throws {
            try await CommandIO.run {
                let input = CommandIO.readStandardInput()
                guard case .object(let record) = try JSONDecoder().decode(JSONValue.self, from: input) else {
                    throw StoreError(.invalidRecord, "standard input must hold one JSON object (the record)")
                }
                try await store.withStore { opened in
                    try CommandIO.printJSON(try await opened.ingest(record, kind: kind, subject: opened.pseudonym(for: subject)))
                }
            }
        }
    }

    /// `subject export --subject ID`: the GDPR access/portability document.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print everything held on a subject as one JSON document (GDPR Art. 15 and 20).")
        @OptionGroup var store: StoreOptions
        @Option(help: "The subject's identifier.") var subject: String

        func run() async throws {
            try await CommandIO.run {
                try await store.withStore { opened in
                    try CommandIO.printJSON(try await opened.export(subject: opened.pseudonym(for: subject)))
                }
            }
        }
    }

    /// `subject erase --subject ID`: GDPR erasure with a signed receipt.
    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase everything held on a subject and print the signed receipt (idempotent).")
        @OptionGroup var store: StoreOptions
        @Option(help: "The subject's identifier.") var subject: String
        @Option(help: "An erasure request received earlier, to complete.") var request: String?

        func run() async throws {
            try await CommandIO.run {
                try await store.withStore { opened in
                    try CommandIO.printJSON(try await opened.erase(subject: opened.pseudonym(for: subject), requestID: request))
                }
            }
        }
    }
}
