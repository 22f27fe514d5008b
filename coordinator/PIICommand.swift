import ArgumentParser
import ConfideStore
import Foundation

/// `pii redact`: the free-text scanner as a filter.
struct PIICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pii",
        abstract: "Find and redact personal data in free text.",
        subcommands: [Redact.self]
    )

    /// `pii redact`: standard input to standard output, with e-mail addresses, phone numbers,
    /// card numbers, IP addresses and IBANs replaced by `[EMAIL]`, `[PHONE]`, `[CARD]`,
    /// `[IPV4]`, `[IPV6]` and `[IBAN]`.
    struct Redact: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy standard input to standard output with personal data replaced by typed placeholders.")
        @Flag(help: "Print the matches as JSON instead of the redacted text.") var json = false

        func run() async throws {
            guard let text = String(data: CommandIO.readStandardInput(), encoding: .utf8) else {
                CommandIO.printError("error: standard input is not UTF-8 text")
                throw ExitCode.failure
            }
            if json {
                let matches = PIIScanner.standard.scan(text).map {
                    ["kind": $0.kind.rawValue, "value": $0.value, "start": String($0.range.lowerBound), "end": String($0.range.upperBound)]
                }
                try CommandIO.printJSON(matches)
            } else {
                FileHandle.standardOutput.write(Data(PIIScanner.standard.redact(text).utf8))
            }
        }
    }
}
