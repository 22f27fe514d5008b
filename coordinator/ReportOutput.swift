import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a report goes: a file written atomically, or standard output.
struct ReportOutput {
    /// The file, or `nil` for standard output.
    let path: String?

    /// Whether ANSI colour suits the destination: standard output on a terminal, and
    /// neither `NO_COLOR` set nor `TERM=dumb`.
    var wantsColour: Bool {
        let environment = ProcessInfo.processInfo.environment
        return path == nil && isatty(STDOUT_FILENO) == 1 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }

    /// Writes `text`; a file is replaced only once the whole report is written.
    func write(_ text: String) throws {
        guard let path else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ReportOutputError(message: "cannot write the report to \(path): \(error.localizedDescription)")
        }
    }
}

/// A report that could not be written.
struct ReportOutputError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
