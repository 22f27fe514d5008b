import ConfidePolicy
@testable import ConfideStore
import Foundation
import SQLKit
import Testing

/// The backends the audit suite runs on, as in the store's contract suite.
///
/// PostgreSQL runs when `CONFIDE_TEST_POSTGRES_URL` is set (scripts/with-postgres sets it);
/// with `CONFIDE_REQUIRE_POSTGRES=1` too (as `make test` does), a missing PostgreSQL fails
/// the PostgreSQL cases instead of leaving them out.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    static var postgresURL: String? { ProcessInfo.processInfo.environment["CONFIDE_TEST_POSTGRES_URL"] }
    static var postgresRequired: Bool { ProcessInfo.processInfo.environment["CONFIDE_REQUIRE_POSTGRES"] == "1" }

    /// SQLite always; PostgreSQL when a URL is given or required.
    static var all: [Backend] { postgresURL != nil || postgresRequired ? [.sqlite, .postgres] : [.sqlite] }

    var testDescription: String { rawValue }
}

/// An empty database of one backend, removed again afterwards.
struct TestDatabase: Sendable {
    let location: StoreLocation
    private let directory: String?
    private let databaseName: String?

    static func make(_ backend: Backend) async throws -> TestDatabase {
        switch backend {
        case .sqlite:
            let directory = NSTemporaryDirectory() + "confide-audit-test-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            return TestDatabase(location: .sqlite(path: directory + "/store.sqlite"), directory: directory, databaseName: nil)
        case .postgres:
            guard let admin = Backend.postgresURL else {
                throw StoreError(.connection, "PostgreSQL is required (CONFIDE_REQUIRE_POSTGRES=1) but CONFIDE_TEST_POSTGRES_URL is not set; run the tests with scripts/with-postgres")
            }
            let name = "confide_audit_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            try await withAdminConnection(admin) { sql in try await StoreDatabase.run("CREATE DATABASE \(name)", on: sql) }
            var components = URLComponents(string: admin)!
            components.path = "/" + name
            return TestDatabase(location: .postgres(url: components.string!), directory: nil, databaseName: name)
        }
    }

    func remove() async {
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
    /// Runs one statement behind the store's back, to seed what no store method would write.
    func rawExecute(_ query: SQLQueryString) async throws {
        try await database.withConnection { sql in try await sql.raw(query).run() }
    }
}
