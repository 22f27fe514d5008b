import AsyncKit
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit

/// The database under a store: a connection pool and transactions, with one SQL code path
/// for both backends.
///
/// SQLite gets a single connection, so transactions are serialized in arrival order by the
/// pool (an embedded store has one writer anyway). PostgreSQL gets several connections;
/// appends to the hash chains serialize on a row lock of the chain's head.
final class StoreDatabase: Sendable {
    enum Backend: String, Sendable {
        case sqlite, postgres
    }

    // EventLoopConnectionPool confines its state to its event loop (every public method hops
    // there first), so sharing it between tasks is safe although AsyncKit does not mark it Sendable.
    private struct Shared<Source: ConnectionPoolSource>: @unchecked Sendable {
        let pool: EventLoopConnectionPool<Source>
    }

    private enum Pool: Sendable {
        case sqlite(Shared<SQLiteStoreSource>)
        case postgres(Shared<PostgresConnectionSource>)
    }

    let backend: Backend
    let location: StoreLocation
    private let pool: Pool

    /// Connections to PostgreSQL kept open at most.
    static let postgresConnections = 8
    /// How long a transaction waits for a free connection before failing.
    static let connectionWait = TimeAmount.seconds(120)

    init(location: StoreLocation, logger: Logger) throws(StoreError) {
        self.location = location
        let eventLoop = MultiThreadedEventLoopGroup.singleton.any()
        switch location {
        case .sqlite(let path):
            backend = .sqlite
            pool = .sqlite(Shared(pool: EventLoopConnectionPool(source: SQLiteStoreSource(path: path), maxConnections: 1,
                                                                requestTimeout: Self.connectionWait, logger: logger, on: eventLoop)))
        case .postgres(let url):
            backend = .postgres
            let configuration: SQLPostgresConfiguration
            do {
                configuration = try SQLPostgresConfiguration(url: url)
            } catch {
                throw StoreError(.connection, "the PostgreSQL URL \(location) is malformed; expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE")
            }
            pool = .postgres(Shared(pool: EventLoopConnectionPool(source: PostgresConnectionSource(sqlConfiguration: configuration),
                                                                  maxConnections: Self.postgresConnections,
                                                                  requestTimeout: Self.connectionWait, logger: logger, on: eventLoop)))
        }
    }

    /// Closes every connection.
    func close() async {
        switch pool {
        case .sqlite(let shared): try? await shared.pool.close().get()
        case .postgres(let shared): try? await shared.pool.close().get()
        }
    }

    /// Runs `body` with a connection of its own (queries are never logged: binds hold pseudonyms).
    func withConnection<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        switch pool {
        case .sqlite(let shared):
            let connection = try await Self.request(shared.pool, location: location)
            defer { shared.pool.releaseConnection(connection) }
            return try await body(connection.sql(queryLogLevel: nil))
        case .postgres(let shared):
            let connection = try await Self.request(shared.pool, location: location)
            defer { shared.pool.releaseConnection(connection) }
            return try await body(connection.sql(queryLogLevel: nil))
        }
    }

    private static func request<Source>(_ pool: EventLoopConnectionPool<Source>, location: StoreLocation) async throws
        -> Source.Connection where Source.Connection: Sendable {
        do {
            return try await pool.requestConnection().get()
        } catch {
            throw StoreError(.connection, "cannot connect to \(location): \(StoreDatabase.describe(error))")
        }
    }

    /// Runs `body` in a read-write transaction: committed if it returns, rolled back if it throws.
    func write<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await transaction(begin: backend == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN", body)
    }

    /// Runs `body` in a read-only transaction that sees one consistent snapshot.
    func read<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await transaction(begin: backend == .sqlite ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    private func transaction<R: Sendable>(begin: String, _ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await withConnection { database in
            try await Self.run(begin, on: database)
            do {
                let result = try await body(database)
                try await Self.run("COMMIT", on: database)
                return result
            } catch {
                try? await database.raw(SQLQueryString("ROLLBACK")).run()
                throw Self.storeError(error)
            }
        }
    }

    static func run(_ statement: String, on database: any SQLDatabase) async throws {
        do {
            try await database.raw(SQLQueryString(statement)).run()
        } catch {
            throw storeError(error)
        }
    }

    /// Store errors pass through; database errors become ``StoreError/Kind/database`` with
    /// the server's message only (never the statement's bound values).
    static func storeError(_ error: any Error) -> any Error {
        if error is StoreError || error is CancellationError { return error }
        return StoreError(.database, "the database reported an error: \(describe(error))")
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            return "\(error.code)"
        }
        return "\(error)"
    }
}
