import Foundation

/// Parses MovieLens-100K in RecBole's atomic-file format: tab-separated, one header line of
/// `name:type` fields, files `ml-100k.inter`, `ml-100k.user` and `ml-100k.item`.
///
/// Every malformed line is an error naming the file and the 1-based line: a wrong number of
/// fields, a number that does not parse, an unknown genre, a repeated identifier, a rating
/// for an unknown user or item. A header that differs from the expected one (including
/// unknown fields) is an error too. The release year is the one lenient field: a value that
/// is not a number loads as unknown (nil).
public struct MovieLensLoader: Sendable {
    /// The folder holding the three files.
    public let directory: URL

    /// Creates a loader for `directory`.
    public init(directory: URL) { self.directory = directory }

    static let ratingHeader = ["user_id:token", "item_id:token", "rating:float", "timestamp:float"]
    static let userHeader = ["user_id:token", "age:token", "gender:token", "occupation:token", "zip_code:token"]
    static let itemHeader = ["item_id:token", "movie_title:token_seq", "release_year:token", "class:token_seq"]

    /// Loads and cross-checks all three files.
    public func load() throws -> MovieLens {
        let users = try loadUsers()
        let items = try loadItems()
        let ratings = try loadRatings(knownUsers: Set(users.map(\.id)), knownItems: Set(items.map(\.id)))
        return MovieLens(ratings: ratings, users: users, items: items)
    }

    /// Parses `ml-100k.user`.
    public func loadUsers() throws -> [MovieLens.User] {
        var seen = Set<Int>()
        return try parse("ml-100k.user", header: Self.userHeader) { fields, file, line in
            let id = try integer(fields[0], "user_id", file, line)
            guard seen.insert(id).inserted else {
                throw MLError(.malformedData, "user \(id) appears twice", file: file, line: line)
            }
            let age = try integer(fields[1], "age", file, line)
            guard fields[2] == "M" || fields[2] == "F" else {
                throw MLError(.malformedData, "gender must be M or F, got \"\(fields[2])\"", file: file, line: line)
            }
            guard !fields[3].isEmpty else {
                throw MLError(.malformedData, "occupation is empty", file: file, line: line)
            }
            return MovieLens.User(id: id, age: age, gender: String(fields[2]), occupation: String(fields[3]), zipCode: String(fields[4]))
        }
    }

    /// Parses `ml-100k.item`.
    public func loadItems() throws -> [MovieLens.Item] {
        var seen = Set<Int>()
        let genreBits = Dictionary(uniqueKeysWithValues: MovieLens.genres.enumerated().map { ($1, UInt32(1) << UInt32($0)) })
        return try parse("ml-100k.item", header: Self.itemHeader) { fields, file, line in
            let id = try integer(fields[0], "item_id", file, line)
            guard seen.insert(id).inserted else {
                throw MLError(.malformedData, "item \(id) appears twice", file: file, line: line)
            }
            // RecBole's export derives the year from the title and leaves debris in two rows
            // ("unkonwn", "V"); the year is descriptive only, so anything but a number is unknown.
            let year = Int(fields[2])
            var mask: UInt32 = 0
            for genre in fields[3].split(separator: " ") {
                guard let bit = genreBits[String(genre)] else {
                    throw MLError(.malformedData, "unknown genre \"\(genre)\"", file: file, line: line)
                }
                mask |= bit
            }
            return MovieLens.Item(id: id, title: String(fields[1]), releaseYear: year, genreMask: mask)
        }
    }

    /// Parses `ml-100k.inter`; with known users and items, a rating for any other is an error.
    public func loadRatings(knownUsers: Set<Int>? = nil, knownItems: Set<Int>? = nil) throws -> [Rating] {
        try parse("ml-100k.inter", header: Self.ratingHeader) { fields, file, line in
            let user = try integer(fields[0], "user_id", file, line)
            let item = try integer(fields[1], "item_id", file, line)
            guard let value = Double(fields[2]), value.isFinite else {
                throw MLError(.malformedData, "rating \"\(fields[2])\" is not a number", file: file, line: line)
            }
            guard let time = Double(fields[3]), time.isFinite, abs(time) < 1e15 else {
                throw MLError(.malformedData, "timestamp \"\(fields[3])\" is not a number", file: file, line: line)
            }
            if let knownUsers, !knownUsers.contains(user) {
                throw MLError(.malformedData, "rating by unknown user \(user)", file: file, line: line)
            }
            if let knownItems, !knownItems.contains(item) {
                throw MLError(.malformedData, "rating of unknown item \(item)", file: file, line: line)
            }
            return Rating(user: user, item: item, value: value, timestamp: Int64(time))
        }
    }

    private func parse<Row>(
        _ name: String, header: [String],
        row: ([Substring], String, Int) throws -> Row
    ) throws -> [Row] {
        let url = directory.appendingPathComponent(name)
        let file = url.path
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw MLError(.fileUnreadable, "cannot read the file (run scripts/fetch-movielens): \(error.localizedDescription)", file: file)
        }
        var rows: [Row] = []
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            if lineNumber == 1 {
                guard fields.map(String.init) == header else {
                    throw MLError(.malformedData, "header must be \"\(header.joined(separator: "\\t"))\", got \"\(line)\"", file: file, line: 1)
                }
                continue
            }
            if line.isEmpty { continue }
            guard fields.count == header.count else {
                throw MLError(.malformedData, "expected \(header.count) tab-separated fields, got \(fields.count)", file: file, line: lineNumber)
            }
            rows.append(try row(fields, file, lineNumber))
        }
        guard lineNumber > 0, !text.isEmpty else {
            throw MLError(.malformedData, "the file is empty", file: file)
        }
        return rows
    }
}

private func integer(_ field: Substring, _ name: String, _ file: String, _ line: Int) throws -> Int {
    guard let value = Int(field) else {
        throw MLError(.malformedData, "\(name) \"\(field)\" is not an integer", file: file, line: line)
    }
    return value
}
