import ArgumentParser
import ConfidePolicy
import ConfideStore
import Foundation

/// Reading input and writing output and errors the same way in every command.
enum CommandIO {
    /// Prints `value` as pretty JSON on standard output.
    static func printJSON(_ value: some Encodable) throws {
        let data = try StoreJSON.encoder().encode(value)
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }

    /// Writes a line to standard error.
    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("confide-coordinator: \(message)\n".utf8))
    }

    /// All of standard input.
    static func readStandardInput() -> Data {
        FileHandle.standardInput.readDataToEndOfFile()
    }

    /// Parses a time given on the command line: ISO 8601, with or without fractional seconds.
    static func parseTime(_ text: String) throws -> Date {
        guard let date = StoreJSON.parse(text) else {
            throw ValidationError("'\(text)' is not an ISO 8601 time such as 2025-06-01T12:00:00Z")
        }
        return date
    }

    /// Runs `body`; known errors are printed to standard error and end the command with
    /// `failureCode` (1 by default) instead of a stack of Swift types.
    static func run(failureCode: Int32 = 1, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as StoreError {
            printError("error: \(error.message)")
            throw ExitCode(failureCode)
        } catch let error as PolicyError {
            printError(error.kind == .unreadable ? error.description : "the policies are invalid:\n\(error.description)")
            throw ExitCode(failureCode)
        } catch let error as DecodingError {
            printError("error: the input is not valid JSON: \(describe(error))")
            throw ExitCode(failureCode)
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context):
            return context.underlyingError.map { "\($0.localizedDescription)" } ?? context.debugDescription
        @unknown default:
            return "\(error)"
        }
    }
}
