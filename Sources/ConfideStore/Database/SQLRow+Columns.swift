import Foundation
import SQLKit

extension SQLRow {
    /// The value of `column`, decoded as `T`; a failure names the column only.
    func value<T: Decodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        do {
            return try decode(column: column, as: T.self)
        } catch {
            throw StoreError(.database, "column '\(column)' holds an unexpected value")
        }
    }

    /// A binary column as bytes.
    func bytes(_ column: String) throws -> [UInt8] {
        [UInt8](try value(column, as: Data.self))
    }

    /// A nullable binary column as bytes.
    func optionalBytes(_ column: String) throws -> [UInt8]? {
        try value(column, as: Data?.self).map { [UInt8]($0) }
    }
}
