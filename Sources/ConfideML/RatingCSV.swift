import Foundation

/// Ratings as CSV with the header `user,item,rating,timestamp`: the external split format,
/// so that Confide and other tools (for example Surprise) train and test on exactly the
/// same ratings.
public enum RatingCSV {
    /// The required header line.
    public static let header = "user,item,rating,timestamp"

    /// Parses CSV text; `file` names the source in errors (which also give the line).
    public static func parse(_ text: String, file: String) throws -> [Rating] {
        var ratings: [Rating] = []
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if lineNumber == 1 {
                guard line == header else {
                    throw MLError(.malformedData, "header must be \"\(header)\", got \"\(line)\"", file: file, line: 1)
                }
                continue
            }
            if line.isEmpty { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 4 else {
                throw MLError(.malformedData, "expected 4 comma-separated fields (user,item,rating,timestamp), got \(fields.count)", file: file, line: lineNumber)
            }
            guard let user = Int(fields[0]) else {
                throw MLError(.malformedData, "user \"\(fields[0])\" is not an integer", file: file, line: lineNumber)
            }
            guard let item = Int(fields[1]) else {
                throw MLError(.malformedData, "item \"\(fields[1])\" is not an integer", file: file, line: lineNumber)
            }
            guard let value = Double(fields[2]), value.isFinite else {
                throw MLError(.malformedData, "rating \"\(fields[2])\" is not a finite number", file: file, line: lineNumber)
            }
            guard let timestamp = Int64(fields[3]) else {
                throw MLError(.malformedData, "timestamp \"\(fields[3])\" is not an integer (seconds since 1970 UTC)", file: file, line: lineNumber)
            }
            ratings.append(Rating(user: user, item: item, value: value, timestamp: timestamp))
        }
        guard lineNumber > 0, !text.isEmpty else {
            throw MLError(.malformedData, "the file is empty (expected the header \"\(header)\")", file: file)
        }
        return ratings
    }

    /// Reads and parses a CSV file.
    public static func read(_ url: URL) throws -> [Rating] {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw MLError(.fileUnreadable, "cannot read the file: \(error.localizedDescription)", file: url.path)
        }
        return try parse(text, file: url.path)
    }

    /// The CSV text for `ratings` (header first, one rating per line).
    public static func format(_ ratings: [Rating]) -> String {
        var text = header + "\n"
        text.reserveCapacity(ratings.count * 24)
        for rating in ratings {
            let isWhole = rating.value == rating.value.rounded() && abs(rating.value) < 1e15
            let value = isWhole ? String(Int(rating.value)) : String(rating.value)
            text += "\(rating.user),\(rating.item),\(value),\(rating.timestamp)\n"
        }
        return text
    }

    /// Writes `ratings` to `url` atomically (a temporary file renamed into place).
    public static func write(_ ratings: [Rating], to url: URL) throws {
        do {
            try Data(format(ratings).utf8).write(to: url, options: .atomic)
        } catch {
            throw MLError(.fileUnreadable, "cannot write the file: \(error.localizedDescription)", file: url.path)
        }
    }
}
