import ConfidePolicy
@testable import ConfideStore
import Foundation
import SQLKit
import Testing

/// The backends the store's contract suite and the audit suite run on.
///
/// PostgreSQL runs when `CONFIDE_TEST_POSTGRES_URL` is set (scripts/with-postgres sets it);
/// when `CONFIDE_REQUIRE_POSTGRES=1` is set too (as `make test` does), a missing or
/// unreachable PostgreSQL fails the PostgreSQL cases instead of leaving them out.
public enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    public static var postgresURL: String? { ProcessInfo.processInfo.environment["CONFIDE_TEST_POSTGRES_URL"] }
    public static var postgresRequired: Bool { ProcessInfo.processInfo.environment["CONFIDE_REQUIRE_POSTGRES"] == "1" }

    /// SQLite always; PostgreSQL when a URL is given or required.
    public static var all: [Backend] { postgresURL != nil || postgresRequired ? [.sqlite, .postgres] : [.sqlite] }

    public var testDescription: String { rawValue }
}

/// A store on a fresh, empty database, removed again afterwards.
public struct TestDatabase: Sendable {
    public let backend: Backend
    public let location: StoreLocation
    /// The SQLite file (SQLite only).
    public let sqlitePath: String?
    private let directory: String?
    private let databaseName: String?

    /// Creates an empty database for `backend`.
    public static func make(_ backend: Backend) async throws -> TestDatabase {
        switch backend {
        case .sqlite:
            let directory = NSTemporaryDirectory() + "confide-test-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let path = directory + "/store.sqlite"
            return TestDatabase(backend: backend, location: .sqlite(path: path), sqlitePath: path, directory: directory,
                                databaseName: nil)
        case .postgres:
            guard let admin = Backend.postgresURL else {
                throw StoreError(.connection, "PostgreSQL is required (CONFIDE_REQUIRE_POSTGRES=1) but CONFIDE_TEST_POSTGRES_URL is not set; run the tests with scripts/with-postgres")
            }
            let name = "confide_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            try await withAdminConnection(admin) { sql in
                try await StoreDatabase.run("CREATE DATABASE \(name)", on: sql)
            }
            var components = URLComponents(string: admin)!
            components.path = "/" + name
            return TestDatabase(backend: backend, location: .postgres(url: components.string!), sqlitePath: nil, directory: nil,
                                databaseName: name)
        }
    }

    /// Removes the database.
    public func remove() async {
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
        if let databaseName, let admin = Backend.postgresURL {
            try? await Self.withAdminConnection(admin) { sql in
                try await StoreDatabase.run("DROP DATABASE IF EXISTS \(databaseName) WITH (FORCE)", on: sql)
            }
        }
    }

    private static func withAdminConnection(_ url: String, _ body: @Sendable (any SQLDatabase) async throws -> Void) async throws {
        let database = try StoreDatabase(location: .postgres(url: url), logger: .init(label: "test"))
        do {
            try await database.withConnection { sql in try await body(sql) }
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }
}

extension ConfideStore {
    /// Runs one statement behind the store's back, to seed or tamper with what no store method would write.
    public func rawExecute(_ statement: String) async throws {
        try await database.withConnection { sql in try await StoreDatabase.run(statement, on: sql) }
    }

    /// Runs one statement with binds behind the store's back.
    public func rawExecute(_ query: SQLQueryString) async throws {
        try await database.withConnection { sql in try await sql.raw(query).run() }
    }
}

/// The repository's root, found from this file's path.
public let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()
