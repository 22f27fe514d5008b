@testable import ConfideStore
import Foundation
import SQLKit

/// Access to the database behind the store's back, to tamper with rows and to look for
/// traces of erased subjects.
extension ConfideStore {
    /// Every table the store created.
    static let tables = ["subject_keys", "records", "chain_heads", "consent_ledger", "audit_log", "requests", "tombstones",
                         "devices", "rounds", "participations", "model_versions", "confide_migrations"]

    /// The tables and columns whose text or bytes contain `needle`.
    func cellsContaining(_ needle: String) async throws -> [String] {
        let bytes = Array(needle.utf8)
        return try await database.withConnection { sql in
            var found: [String] = []
            for table in Self.tables {
                for row in try await sql.raw("SELECT * FROM \(unsafeRaw: table)").all() {
                    for column in row.allColumns {
                        if let text = (try? row.decode(column: column, as: String?.self)) ?? nil, text.contains(needle) {
                            found.append("\(table).\(column)")
                        } else if let data = (try? row.decode(column: column, as: Data?.self)) ?? nil,
                                  [UInt8](data).firstRange(of: bytes) != nil {
                            found.append("\(table).\(column)")
                        }
                    }
                }
            }
            return found
        }
    }
}

/// The bytes of an SQLite database and its write-ahead log.
func sqliteFileBytes(_ path: String) -> [UInt8] {
    var bytes: [UInt8] = []
    for suffix in ["", "-wal", "-journal"] {
        if let data = FileManager.default.contents(atPath: path + suffix) { bytes += data }
    }
    return bytes
}

extension Array where Element == UInt8 {
    /// Whether `text` occurs in these bytes.
    func contains(text: String) -> Bool {
        firstRange(of: Array(text.utf8)) != nil
    }
}
