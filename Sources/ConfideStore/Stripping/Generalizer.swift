import ConfidePolicy
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Coarsens field values as a ``Generalization`` says: ages to buckets, postal codes to
/// prefixes, timestamps to days or months (UTC), IP addresses to their network.
enum Generalizer {
    /// The generalized value, or a message saying why `value` cannot be generalized.
    static func apply(_ generalization: Generalization, to value: JSONValue) -> Result<JSONValue, GeneralizationFailure> {
        if value == .null { return .success(.null) }
        switch generalization {
        case .ageBucket(let width): return ageBucket(value, width: width)
        case .zipPrefix(let length): return zipPrefix(value, length: length)
        case .timestamp(let precision): return timestamp(value, precision: precision)
        case .ipPrefix(let ipv4, let ipv6): return ipPrefix(value, ipv4: ipv4, ipv6: ipv6)
        }
    }

    /// Why a value could not be generalized; never contains the value itself.
    struct GeneralizationFailure: Error {
        let expected: String
    }

    private static func ageBucket(_ value: JSONValue, width: Int) -> Result<JSONValue, GeneralizationFailure> {
        let age: Int64?
        switch value {
        case .integer(let number): age = number
        case .number(let number) where number.rounded(.towardZero) == number && abs(number) < 1e6: age = Int64(number)
        case .string(let text): age = Int64(text.trimmingCharacters(in: .whitespaces))
        default: age = nil
        }
        guard let age, (0...150).contains(age) else {
            return .failure(GeneralizationFailure(expected: "an age in whole years from 0 to 150"))
        }
        let low = age / Int64(width) * Int64(width)
        return .success(.string(width == 1 ? String(low) : "\(low)-\(low + Int64(width) - 1)"))
    }

    private static func zipPrefix(_ value: JSONValue, length: Int) -> Result<JSONValue, GeneralizationFailure> {
        guard let text = value.textValue, case .string = value else {
            return .failure(GeneralizationFailure(expected: "a postal code as text (numbers lose leading zeros)"))
        }
        let code = text.trimmingCharacters(in: .whitespaces).uppercased()
        guard !code.isEmpty, code.unicodeScalars.allSatisfy({ Scalars.isDigit($0) || Scalars.isASCIILetter($0) || $0 == " " || $0 == "-" }) else {
            return .failure(GeneralizationFailure(expected: "a postal code of letters, digits, spaces and hyphens"))
        }
        return .success(.string(String(code.prefix(length))))
    }

    private static func timestamp(_ value: JSONValue, precision: Generalization.TimestampPrecision) -> Result<JSONValue, GeneralizationFailure> {
        let date: Date?
        switch value {
        case .integer(let seconds) where (0...253_402_300_799).contains(seconds): date = Date(timeIntervalSince1970: TimeInterval(seconds))
        case .string(let text): date = parseTimestamp(text)
        default: date = nil
        }
        guard let date else {
            return .failure(GeneralizationFailure(expected: "an ISO 8601 date or timestamp, or Unix time in whole seconds"))
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let year = String(format: "%04d", parts.year ?? 0), month = String(format: "%02d", parts.month ?? 0)
        switch precision {
        case .month: return .success(.string("\(year)-\(month)"))
        case .day: return .success(.string("\(year)-\(month)-\(String(format: "%02d", parts.day ?? 0))"))
        }
    }

    /// Parses `YYYY-MM-DD`, or a full ISO 8601 timestamp with a zone (`T` or a space before the time).
    static func parseTimestamp(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.count == 10 {
            return try? Date(trimmed + "T00:00:00Z", strategy: .iso8601)
        }
        var normalized = trimmed
        if normalized.count > 10, normalized[normalized.index(normalized.startIndex, offsetBy: 10)] == " " {
            normalized.replaceSubrange(normalized.index(normalized.startIndex, offsetBy: 10)...normalized.index(normalized.startIndex, offsetBy: 10), with: "T")
        }
        if let date = try? Date(normalized, strategy: .iso8601) { return date }
        return try? Date(normalized, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    private static func ipPrefix(_ value: JSONValue, ipv4: Int, ipv6: Int) -> Result<JSONValue, GeneralizationFailure> {
        guard case .string(let raw) = value else {
            return .failure(GeneralizationFailure(expected: "an IPv4 or IPv6 address as text"))
        }
        let text = raw.trimmingCharacters(in: .whitespaces)
        if var address = parse(text, family: AF_INET, byteCount: 4) {
            mask(&address, bits: ipv4)
            return format(address, family: AF_INET).map { .success(.string("\($0)/\(ipv4)")) }
                ?? .failure(GeneralizationFailure(expected: "an IPv4 address"))
        }
        if var address = parse(text, family: AF_INET6, byteCount: 16) {
            mask(&address, bits: ipv6)
            return format(address, family: AF_INET6).map { .success(.string("\($0)/\(ipv6)")) }
                ?? .failure(GeneralizationFailure(expected: "an IPv6 address"))
        }
        return .failure(GeneralizationFailure(expected: "an IPv4 or IPv6 address"))
    }

    private static func parse(_ text: String, family: Int32, byteCount: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: byteCount)
        let rc = bytes.withUnsafeMutableBytes { inet_pton(family, text, $0.baseAddress) }
        return rc == 1 ? bytes : nil
    }

    private static func mask(_ bytes: inout [UInt8], bits: Int) {
        for index in bytes.indices {
            let kept = max(0, min(8, bits - index * 8))
            bytes[index] &= kept == 0 ? 0 : UInt8(truncatingIfNeeded: 0xFF << (8 - kept))
        }
    }

    private static func format(_ bytes: [UInt8], family: Int32) -> String? {
        var buffer = [CChar](repeating: 0, count: 64)
        let result = bytes.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &buffer, socklen_t(buffer.count)) }
        guard result != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
