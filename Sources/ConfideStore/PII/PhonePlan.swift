import Foundation

/// One region's telephone numbering plan, from the generated `PhonePlanTable`: what a valid
/// national significant number (the number without country code or trunk prefix) looks like.
struct PhonePlan: Sendable {
    /// ISO 3166 region code, such as `DE`.
    let region: String
    /// Country calling code, such as 49.
    let countryCode: Int
    /// The trunk prefix dialled before national numbers inside the country (`0`), or empty.
    let nationalPrefix: String
    /// The lengths a national significant number may have.
    let lengths: Set<Int>
    /// The union of the patterns of every valid number type, anchored at both ends.
    let pattern: NSRegularExpression

    /// Whether `digits` (ASCII digits only) is a valid national significant number here.
    func isValid(nationalNumber digits: String) -> Bool {
        guard lengths.contains(digits.utf8.count) else { return false }
        let range = NSRange(location: 0, length: digits.utf16.count)
        return pattern.firstMatch(in: digits, options: [.anchored], range: range)?.range == range
    }

    /// Every plan, parsed once from the generated table.
    static let all: [PhonePlan] = PhonePlanTable.text.split(separator: "\n").compactMap { line in
        let fields = line.split(separator: "|", maxSplits: 4, omittingEmptySubsequences: false)
        guard fields.count == 5, let code = Int(fields[1]),
              let pattern = try? NSRegularExpression(pattern: "^(?:\(fields[4]))$") else { return nil }
        return PhonePlan(region: String(fields[0]), countryCode: code, nationalPrefix: String(fields[2]),
                         lengths: Set(fields[3].split(separator: ",").compactMap { Int($0) }), pattern: pattern)
    }

    /// Plans by country calling code (several regions share `1`, `7`, `44`…).
    static let byCountryCode: [Int: [PhonePlan]] = Dictionary(grouping: all, by: \.countryCode)

    /// Plans by region code.
    static let byRegion: [String: PhonePlan] = Dictionary(all.map { ($0.region, $0) }, uniquingKeysWith: { first, _ in first })

    /// Whether `digits`, written after `+` or `00`, is a country code followed by a valid
    /// national number. A trunk `0` written after the country code (`+49 0151…`) is tolerated.
    static func isValidInternational(_ digits: String) -> Bool {
        for codeLength in 1...3 where digits.utf8.count > codeLength + 3 {
            guard let code = Int(digits.prefix(codeLength)), let plans = byCountryCode[code] else { continue }
            let national = String(digits.dropFirst(codeLength))
            for plan in plans {
                if plan.isValid(nationalNumber: national) { return true }
                if !plan.nationalPrefix.isEmpty, national.hasPrefix(plan.nationalPrefix),
                   plan.isValid(nationalNumber: String(national.dropFirst(plan.nationalPrefix.count))) { return true }
            }
            return false   // country codes are prefix-free: a longer code cannot also match
        }
        return false
    }
}
