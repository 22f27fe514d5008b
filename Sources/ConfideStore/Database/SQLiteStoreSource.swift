import AsyncKit
import Logging
import NIOCore
import NIOPosix
import SQLiteKit
import SQLiteNIO

/// Opens SQLite connections configured for the store: write-ahead log, `secure_delete`
/// so deleted content is overwritten with zeros, foreign keys, and a busy timeout.
struct SQLiteStoreSource: ConnectionPoolSource {
    let path: String

    static let pragmas = [
        "PRAGMA journal_mode = WAL",
        "PRAGMA secure_delete = ON",
        "PRAGMA foreign_keys = ON",
        "PRAGMA synchronous = FULL",
        "PRAGMA busy_timeout = 30000",
    ]

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        SQLiteConnection.open(storage: .file(path: path), threadPool: .singleton, logger: logger, on: eventLoop).flatMap { connection in
            var future = eventLoop.makeSucceededVoidFuture()
            for pragma in Self.pragmas {
                future = future.flatMap { connection.query(pragma).map { _ in } }
            }
            return future.map { connection }.flatMapError { error in
                connection.close().flatMapThrowing { throw error }
            }
        }
    }
}
