/// Finds IPv4 addresses in dotted-quad notation (four decimal octets of at most 255, no
/// leading zeros), except where the words before them say they are a version number.
struct IPv4Detector: PIIDetector {
    var kind: PIIKind { .ipv4 }

    /// Words that, right before a dotted quad, mark it as a version rather than an address.
    static let versionWords: Set<String> = [
        "v", "ver", "version", "versions", "release", "build", "firmware", "fw", "update", "updated", "upgrade",
        "upgraded", "patch", "sdk", "app", "ios", "android", "macos", "windows", "chrome", "firefox", "kernel",
        "rev", "revision", "bumped", "to", "from",
    ]

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
               !Self.isVersion(before: index, in: text) {
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

    /// Whether the words before `index` mark a version: the nearest word (skipping spaces,
    /// `:`, `=`, `(` and other version numbers) is a version word, or is `to`/`from` after
    /// one ("upgraded from 1.2.3.4 to 1.2.3.5").
    private static func isVersion(before index: Int, in text: [Unicode.Scalar]) -> Bool {
        var words: [String] = []
        var position = index - 1
        while words.count < 3, position >= 0 {
            while position >= 0, " :=(".unicodeScalars.contains(text[position]) { position -= 1 }
            var start = position
            while start >= 0, Scalars.isASCIILetter(text[start]) || Scalars.isDigit(text[start]) || text[start] == "." { start -= 1 }
            guard start < position else { break }
            var word = String(String.UnicodeScalarView(text[(start + 1)...position])).lowercased()
            position = start
            while word.hasSuffix(".") { word.removeLast() }
            if word.unicodeScalars.allSatisfy({ Scalars.isDigit($0) || $0 == "." }) { continue }   // another version number
            words.append(word)
        }
        guard let first = words.first, versionWords.contains(first) else { return false }
        if first == "to" || first == "from" {
            return words.dropFirst().contains { versionWords.contains($0) && $0 != "to" && $0 != "from" }
        }
        return true
    }
}
