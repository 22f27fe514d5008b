import Foundation

/// Times are stored as whole milliseconds since 1970-01-01 UTC in BIGINT columns, the same
/// on both backends and cheap to compare.
enum Timestamp {
    static var now: Int64 { milliseconds(Date()) }

    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    static func date(_ milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: TimeInterval(milliseconds) / 1000)
    }

    static func adding(days: Int, to milliseconds: Int64) -> Int64 {
        milliseconds + Int64(days) * 86_400_000
    }
}
