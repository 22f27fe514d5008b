import Foundation

/// Parses timestamps written in mixed time zones and formats into seconds since 1970 UTC.
///
/// Accepted forms:
/// - ISO 8601 with an offset or `Z`: `2024-03-05T14:22:10Z`, `2024-03-05T16:22:10+02:00`,
///   `2024-03-05T16:22:10.250+0200` (fractional seconds are truncated);
/// - a local time with an IANA zone name: `2024-03-05 09:22:10 America/New_York`
///   (resolved with Foundation's time-zone database, daylight saving included);
/// - Unix seconds: `1709648530`.
/// A local time without a zone is refused: it has no single UTC meaning.
public struct TimestampParser: Sendable {
    private var zones: [String: TimeZone] = [:]

    /// A parser (it caches the time zones it has resolved).
    public init() {}

    /// Seconds since 1970 UTC for `text`, or an error saying what is wrong with it.
    public mutating func parse(_ text: String) throws -> Int64 {
        // Byte-level trimming: Foundation's trimmingCharacters was most of the cleaning time.
        var bytes = Array(text.utf8)
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes.removeLast() }
        let leading = bytes.prefix { $0 == 0x20 || $0 == 0x09 }.count
        if leading > 0 { bytes.removeFirst(leading) }
        if !bytes.isEmpty, bytes.count <= 12, let seconds = Int64(String(decoding: bytes, as: UTF8.self)) {
            return seconds
        }
        guard bytes.count >= 19, let civil = Self.civil(bytes) else {
            throw MLError(.malformedData, "timestamp \"\(text)\" is not ISO 8601, \"date time Zone/Name\" or Unix seconds")
        }
        let local = civil
        var rest = bytes[19...]
        if rest.first == UInt8(ascii: ".") {
            rest = rest.dropFirst().drop { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        }
        if bytes[10] == UInt8(ascii: "T") {
            return local - Int64(try Self.offset(rest, text))
        }
        guard rest.first == UInt8(ascii: " "), let name = String(bytes: rest.dropFirst(), encoding: .utf8), !name.isEmpty else {
            throw MLError(.malformedData, "timestamp \"\(text)\" has no time zone")
        }
        guard let zone = try zone(name) else {
            throw MLError(.malformedData, "timestamp \"\(text)\" names an unknown time zone \"\(name)\"")
        }
        // Local → UTC: the offset in force at the UTC instant, found in two steps so that
        // times near a daylight-saving change land on the right side.
        let first = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local)))
        let second = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local - Int64(first))))
        return local - Int64(second)
    }

    private mutating func zone(_ name: String) throws -> TimeZone? {
        if let cached = zones[name] { return cached }
        guard let zone = TimeZone(identifier: name) else { return nil }
        zones[name] = zone
        return zone
    }

    /// `YYYY-MM-DD?HH:MM:SS` read as if it were UTC, in seconds since 1970.
    private static func civil(_ b: [UInt8]) -> Int64? {
        func digits(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = b[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " "),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let year = digits(0..<4), let month = digits(5..<7), let day = digits(8..<10),
              let hour = digits(11..<13), let minute = digits(14..<16), let second = digits(17..<19),
              (1...12).contains(month), (1...daysIn(month, year)).contains(day),
              hour < 24, minute < 60, second < 61 else { return nil }
        return daysFromCivil(year, month, day) * 86_400 + Int64(hour * 3_600 + minute * 60 + second)
    }

    /// Seconds east of UTC for `Z`, `±HH:MM` or `±HHMM`.
    private static func offset(_ rest: ArraySlice<UInt8>, _ text: String) throws -> Int {
        let tail = Array(rest)
        if tail == [UInt8(ascii: "Z")] { return 0 }
        let sign: Int
        switch tail.first {
        case UInt8(ascii: "+"): sign = 1
        case UInt8(ascii: "-"): sign = -1
        default: throw MLError(.malformedData, "timestamp \"\(text)\" has no offset (Z or ±HH:MM)")
        }
        let numbers = tail.dropFirst().filter { $0 != UInt8(ascii: ":") }
        guard numbers.count == 4, tail.count == 5 || tail.count == 6, numbers.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            throw MLError(.malformedData, "timestamp \"\(text)\" has a malformed offset")
        }
        let value = numbers.map { Int($0 - 48) }
        let hours = value[0] * 10 + value[1], minutes = value[2] * 10 + value[3]
        guard hours <= 14, minutes < 60 else { throw MLError(.malformedData, "timestamp \"\(text)\" has an offset out of range") }
        return sign * (hours * 3_600 + minutes * 60)
    }

    private static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's algorithm).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return Int64(era * 146_097 + dayOfEra - 719_468)
    }
}
