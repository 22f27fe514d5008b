/// Finds IPv4 addresses in dotted-quad notation (four decimal octets of at most 255, no
/// leading zeros), bare, in URLs, with a port or in brackets, except where the nearest cue
/// word before them (`PIIContext`, six languages) says they are a version, section, OID or
/// other identifier. An address in a URL or with a port is always an address.
struct IPv4Detector: PIIDetector {
    var kind: PIIKind { .ipv4 }

    func matches(in text: [Unicode.Scalar]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var index = 0
        while index < text.count {
            guard Scalars.isDigit(text[index]), !Scalars.isWord(at: index - 1, in: text),
                  index == 0 || text[index - 1] != "." else { index += 1; continue }
            var end = index
            while end < text.count, Scalars.isDigit(text[end]) || text[end] == "." { end += 1 }
            var candidate = end
            if text[candidate - 1] == "." { candidate -= 1 }          // a sentence's full stop
            if !Scalars.isWord(at: end, in: text), Self.isAddress(text[index..<candidate]),
               Self.isNetworked(index, candidate, text) || !Self.isIdentifier(before: index, in: text) {
                result.append(index..<candidate)
            }
            index = end
        }
        return result
    }

    static func isAddress(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        let parts = String(String.UnicodeScalarView(scalars)).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        return parts.allSatisfy { part in
            guard (1...3).contains(part.count), let value = Int(part), value <= 255 else { return false }
            return part.count == 1 || part.first != "0"
        }
    }

    /// After `://` or `@` (a URL's host), or followed by `:port`.
    private static func isNetworked(_ start: Int, _ end: Int, _ text: [Unicode.Scalar]) -> Bool {
        if start >= 3, text[start - 1] == "/", text[start - 2] == "/", text[start - 3] == ":" { return true }
        if start >= 1, text[start - 1] == "@" { return true }
        return end + 1 < text.count && text[end] == ":" && Scalars.isDigit(text[end + 1])
    }

    /// Whether an identifier cue (`version`, `Abschnitt`, `versión`, `OID`, `§`…) is nearest before `index`.
    private static func isIdentifier(before index: Int, in text: [Unicode.Scalar]) -> Bool {
        var position = index - 1
        while position >= 0, text[position] == " " || text[position] == "\u{00A0}" { position -= 1 }
        if position >= 0, text[position] == "§" { return true }
        return PIIContext.cue(before: index, in: text, for: .ipv4) == .identifier
    }
}
