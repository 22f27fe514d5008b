/// Where a store lives: an SQLite file (the embedded default) or a PostgreSQL database.
public enum StoreLocation: Hashable, Sendable, CustomStringConvertible {
    /// An SQLite database file, created if missing.
    case sqlite(path: String)
    /// A PostgreSQL database, by `postgres://` or `postgresql://` URL.
    case postgres(url: String)

    /// Parses `sqlite:PATH` or a `postgres://…` / `postgresql://…` URL.
    public init(parsing text: String) throws(StoreError) {
        if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }
            guard !path.isEmpty else { throw StoreError(.connection, "sqlite: needs a file path, for example sqlite:var/confide.sqlite") }
            self = .sqlite(path: path)
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(url: text)
        } else {
            throw StoreError(.connection, "unknown database location; expected sqlite:PATH or a postgres:// URL")
        }
    }

    /// The location with any password hidden, safe to print and log.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let url):
            guard let schemeEnd = url.range(of: "://"), let at = url[schemeEnd.upperBound...].lastIndex(of: "@") else { return url }
            let credentials = url[schemeEnd.upperBound..<at]
            guard let colon = credentials.firstIndex(of: ":") else { return url }
            return url[..<colon] + ":***" + url[at...]
        }
    }
}
