import Foundation

/// The MovieLens-100K data set: 100,000 ratings (1–5 stars, with timestamps) by 943 users of
/// 1,682 movies, with user demographics and 19 genre flags per movie.
///
/// Each MovieLens user stands for one device in the federated simulations.
public struct MovieLens: Sendable {
    /// The 19 MovieLens genres, in the data set's canonical order (bit `g` of `genreMask`).
    public static let genres = [
        "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime",
        "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery",
        "Romance", "Sci-Fi", "Thriller", "War", "Western",
    ]

    /// One user's demographics.
    public struct User: Sendable, Hashable {
        /// The user identifier.
        public var id: Int
        /// Age in years.
        public var age: Int
        /// "M" or "F".
        public var gender: String
        /// Occupation, one of 21 labels.
        public var occupation: String
        /// ZIP (postal) code as written; some are Canadian and not numeric.
        public var zipCode: String
    }

    /// One movie.
    public struct Item: Sendable, Hashable {
        /// The item identifier.
        public var id: Int
        /// Title without the year.
        public var title: String
        /// Release year, when known.
        public var releaseYear: Int?
        /// Bit `g` set when the movie has genre `MovieLens.genres[g]`.
        public var genreMask: UInt32

        /// Whether the movie has genre `g` (index into `MovieLens.genres`).
        public func hasGenre(_ g: Int) -> Bool { genreMask & (1 << UInt32(g)) != 0 }
    }

    /// All ratings, in file order.
    public var ratings: [Rating]
    /// All users, in file order.
    public var users: [User]
    /// All items, in file order.
    public var items: [Item]

    /// Creates a data set from parts (the loader and tests use this).
    public init(ratings: [Rating], users: [User], items: [Item]) {
        self.ratings = ratings
        self.users = users
        self.items = items
    }

    /// The user index over all users, sorted by identifier.
    public var userIndex: IDIndex { IDIndex(distinct: users.map(\.id)) }
    /// The item index over all items, sorted by identifier.
    public var itemIndex: IDIndex { IDIndex(distinct: items.map(\.id)) }

    /// The latest rating time in the data set (seconds since 1970 UTC), or 0 when empty.
    public var latestTimestamp: Int64 { ratings.map(\.timestamp).max() ?? 0 }

    /// Where the data set is looked for: `$CONFIDE_ML100K_DIR` if set, else
    /// `var/data/ml-100k` under the current directory (`scripts/fetch-movielens` puts it there).
    public static var defaultDirectory: URL {
        if let path = ProcessInfo.processInfo.environment["CONFIDE_ML100K_DIR"], !path.isEmpty {
            return URL(fileURLWithPath: path, isDirectory: true)
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
            .appendingPathComponent("var/data/ml-100k", isDirectory: true)
    }

    /// Whether the three files are present in `directory`.
    public static func isPresent(in directory: URL) -> Bool {
        ["ml-100k.inter", "ml-100k.user", "ml-100k.item"].allSatisfy {
            FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path)
        }
    }

    /// Loads the data set from `directory` (see `MovieLensLoader` for the format and errors).
    public static func load(from directory: URL = defaultDirectory) throws -> MovieLens {
        try MovieLensLoader(directory: directory).load()
    }
}
