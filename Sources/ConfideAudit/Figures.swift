import Foundation

/// Numbers and times as reports print them, the same whatever the machine's locale.
enum Figures {
    private static let posix = Locale(identifier: "en_US_POSIX")

    /// `value` with at most `places` decimals and no grouping: `8`, `0.6667`.
    static func decimal(_ value: Double, places: Int = 4) -> String {
        value.formatted(.number.precision(.fractionLength(0...places)).grouping(.never).locale(posix))
    }

    /// `1 day`, `2.5 days`.
    static func days(_ value: Double) -> String {
        let text = decimal(value, places: 1)
        return text == "1" ? "1 day" : "\(text) days"
    }

    /// `3 records`, `1 record`.
    static func count(_ count: Int, _ noun: String, plural: String? = nil) -> String {
        "\(count) \(count == 1 ? noun : plural ?? noun + "s")"
    }

    /// `3 records`, `1 entry`: a count of affected rows in their unit (given in the plural).
    static func rows(_ count: Int, _ unit: String) -> String {
        guard count == 1 else { return "\(count) \(unit)" }
        if unit.hasSuffix("ies") { return "1 \(unit.dropLast(3))y" }
        return "1 \(unit.hasSuffix("s") ? String(unit.dropLast()) : unit)"
    }

    /// `2025-06-01T12:00:00Z`: UTC, to the second.
    static func time(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }

    /// `2025-06-01`: the UTC day.
    static func day(_ date: Date) -> String {
        String(time(date).prefix(10))
    }
}
