import Foundation

/// Finds phone numbers in international and national formats.
///
/// Accepted shapes, after collecting a run of digits and separators (space, `-`, `.`, `/`,
/// parentheses):
/// - international: `+` and 8–15 digits (E.164), an optional `(0)` trunk digit allowed;
/// - international with the `00` prefix: 8–15 digits after it, with separators;
/// - North American: `(NXX) NXX-XXXX`, `NXX-NXX-XXXX` or `NXX.NXX.XXXX`, optionally after `1`;
/// - national with a trunk `0`: 9–11 digits, groups of two or more digits split by one kind
///   of separator, or 10 contiguous digits.
/// Dates (`03/05/2024`, `2024-05-03`), decimals and version numbers fail these shapes.
struct PhoneDetector: PIIDetector {
    var kind: PIIKind { .phone }

    private static func isDigit(_ character: Character) -> Bool { ("0"..."9").contains(character) }

    private static func isRunScalar(_ scalar: Unicode.Scalar) -> Bool {
        Scalars.isDigit(scalar) || " -./()".unicodeScalars.contains(scalar)
    }

    func matches(in text: [Unicode.Scalar]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var index = 0
        while index < text.count {
            let scalar = text[index]
            let startsRun = scalar == "+" || scalar == "(" || Scalars.isDigit(scalar)
            guard startsRun, !Scalars.isWord(at: index - 1, in: text),
                  index == 0 || !".,/-+@#".unicodeScalars.contains(text[index - 1]) else { index += 1; continue }
            var end = index + 1
            while end < text.count, Self.isRunScalar(text[end]) {
                // Two separators in a row other than ") " or " (" end the run.
                if !Scalars.isDigit(text[end]), !Scalars.isDigit(text[end - 1]),
                   !(text[end - 1] == ")" && text[end] == " ") && !(text[end - 1] == " " && text[end] == "(") { break }
                end += 1
            }
            end = Self.trimmed(text, from: index, to: end)
            if end > index, !Scalars.isWord(at: end, in: text), Self.isPhone(text[index..<end]) {
                result.append(index..<end)
                index = end
            } else {
                index += 1
            }
        }
        return result
    }

    /// Drops trailing separators and closing parentheses that close nothing inside the run.
    private static func trimmed(_ text: [Unicode.Scalar], from start: Int, to end: Int) -> Int {
        var end = end
        while end > start {
            let last = text[end - 1]
            if Scalars.isDigit(last) { break }
            if last == ")" {
                let run = text[start..<end]
                if run.filter({ $0 == "(" }).count >= run.filter({ $0 == ")" }).count { break }
            }
            end -= 1
        }
        return end
    }

    static func isPhone(_ run: ArraySlice<Unicode.Scalar>) -> Bool {
        var text = String(String.UnicodeScalarView(run))
        guard text.filter({ $0 == "(" }).count == text.filter({ $0 == ")" }).count else { return false }
        if text.hasPrefix("+") {
            text = text.replacingOccurrences(of: "(0)", with: "")
            let digits = text.filter { Self.isDigit($0) }
            return (8...15).contains(digits.count) && digits.first != "0" && groupsAreSane(text.dropFirst(), minimum: 1)
        }
        let digits = text.filter { Self.isDigit($0) }
        let hasSeparators = digits.count != text.count
        if digits.hasPrefix("00") {
            return hasSeparators && (10...17).contains(digits.count) && digits.dropFirst(2).first != "0"
                && groupsAreSane(Substring(text), minimum: 2)
        }
        if isNorthAmerican(text) { return true }
        if digits.hasPrefix("0") {
            guard (9...11).contains(digits.count), digits.dropFirst().first != "0" else { return false }
            if !hasSeparators { return digits.count == 10 }
            return groupsAreSane(Substring(text), minimum: 2) && separatorKinds(text).count <= 1
        }
        return false
    }

    /// Every group of digits has at least `minimum` digits (the first may be shorter: a country code).
    private static func groupsAreSane(_ text: Substring, minimum: Int) -> Bool {
        let groups = text.split { !Self.isDigit($0) }
        return groups.dropFirst().allSatisfy { $0.count >= minimum } && groups.count <= 7
    }

    /// The separator characters used between groups; a space after `)` does not count.
    private static func separatorKinds(_ text: String) -> Set<Character> {
        var kinds = Set(text.filter { " -./".contains($0) })
        if text.contains("(") { kinds.remove(" ") }
        return kinds
    }

    /// `(NXX) NXX-XXXX`, `NXX-NXX-XXXX`, `NXX.NXX.XXXX` or `NXX NXX XXXX`, optionally led by `1 ` or `1-`.
    private static func isNorthAmerican(_ text: String) -> Bool {
        var rest = Substring(text)
        if rest.hasPrefix("1 ") || rest.hasPrefix("1-") || rest.hasPrefix("1.") { rest = rest.dropFirst(2) }
        let area: Substring
        if rest.hasPrefix("(") {
            guard let close = rest.firstIndex(of: ")") else { return false }
            area = rest[rest.index(after: rest.startIndex)..<close]
            rest = rest[rest.index(after: close)...]
            if rest.hasPrefix(" ") { rest = rest.dropFirst() }
            guard rest.count == 8, let sep = rest.dropFirst(3).first, "-. ".contains(sep) else { return false }
            return isNANPGroups(area, rest.prefix(3), rest.suffix(4))
        }
        let parts = rest.split(omittingEmptySubsequences: false) { "-. ".contains($0) }
        guard parts.count == 3, let sep = rest.dropFirst(3).first, rest.filter({ $0 == sep }).count == 2 else { return false }
        area = parts[0]
        return isNANPGroups(area, parts[1], parts[2])
    }

    private static func isNANPGroups(_ area: Substring, _ exchange: Substring, _ line: Substring) -> Bool {
        area.count == 3 && exchange.count == 3 && line.count == 4
            && [area, exchange, line].allSatisfy { $0.allSatisfy { Self.isDigit($0) } }
            && area.first != "0" && area.first != "1" && exchange.first != "0" && exchange.first != "1"
    }
}
