import SQLKit

/// Brings a database to the newest schema when a store opens, in one transaction.
///
/// Each applied migration is recorded in `confide_migrations`; a database whose schema is
/// newer than this program knows is refused rather than used. On PostgreSQL an advisory
/// lock keeps two processes opening the same database from migrating it twice.
enum Migrator {
    /// An arbitrary, fixed advisory lock key for Confide's migrations.
    private static let advisoryLock = 0x636F_6E66_6964

    /// Applies every pending migration; returns the schema version now in force.
    @discardableResult
    static func migrate(_ database: StoreDatabase) async throws -> Int64 {
        let blob = database.backend == .sqlite ? "BLOB" : "BYTEA"
        return try await database.write { sql in
            if database.backend == .postgres {
                try await StoreDatabase.run("SELECT pg_advisory_xact_lock(\(advisoryLock))", on: sql)
            }
            try await StoreDatabase.run(
                "CREATE TABLE IF NOT EXISTS confide_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
                on: sql)
            let current = try await sql.raw("SELECT MAX(version) AS version FROM confide_migrations")
                .first(decoding: CurrentVersion.self)?.version ?? 0
            let newest = Migration.all.last?.version ?? 0
            guard current <= newest else {
                throw StoreError(.schema, "the database has schema version \(current) but this program knows versions up to \(newest); use a newer Confide")
            }
            for migration in Migration.all where migration.version > current {
                for statement in migration.statements(blob) {
                    try await StoreDatabase.run(statement, on: sql)
                }
                try await sql.raw("""
                    INSERT INTO confide_migrations (version, name, applied_at)
                    VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: Timestamp.now))
                    """).run()
            }
            try await HashChain.seedHeads(on: sql)
            return max(current, newest)
        }
    }

    private struct CurrentVersion: Decodable {
        let version: Int64?
    }
}
