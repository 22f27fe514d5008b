/// Finds e-mail addresses: a local part, `@`, and a domain of at least two labels whose
/// last label (the top-level domain) is two or more letters. Non-ASCII letters are allowed
/// in both parts (internationalized addresses, RFC 6531).
struct EmailDetector: PIIDetector {
    var kind: PIIKind { .email }

    private static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        Scalars.isDigit(scalar) || Scalars.isASCIILetter(scalar) || (!scalar.isASCII && scalar.properties.isAlphabetic)
    }

    private static func isLocal(_ scalar: Unicode.Scalar) -> Bool {
        isLetterOrDigit(scalar) || "._%+-'".unicodeScalars.contains(scalar)
    }

    private static func isDomain(_ scalar: Unicode.Scalar) -> Bool {
        isLetterOrDigit(scalar) || scalar == "." || scalar == "-"
    }

    func matches(in text: [Unicode.Scalar]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var index = 0
        while index < text.count {
            guard text[index] == "@" else { index += 1; continue }
            var start = index
            while start > 0, Self.isLocal(text[start - 1]) { start -= 1 }
            while start < index, text[start] == "." || text[start] == "'" { start += 1 }
            var end = index + 1
            while end < text.count, Self.isDomain(text[end]) { end += 1 }
            while end > index + 1, text[end - 1] == "." || text[end - 1] == "-" { end -= 1 }
            if start < index, end > index + 1, result.last.map({ $0.upperBound <= start }) ?? true,
               Self.isValid(local: text[start..<index], domain: text[(index + 1)..<end]),
               !Scalars.isWord(at: end, in: text), !Self.isRemotePath(at: end, in: text) {
                result.append(start..<end)
                index = end
            } else {
                index += 1
            }
        }
        return result
    }

    /// `git@host:team/app.git`: an SSH remote (`user@host:path`), not a mailbox.
    private static func isRemotePath(at end: Int, in text: [Unicode.Scalar]) -> Bool {
        end + 1 < text.count && text[end] == ":" && (Scalars.isWordCharacter(text[end + 1]) || text[end + 1] == "/" || text[end + 1] == "~")
    }

    /// File extensions that are not top-level domains, and would otherwise make `name@host.png` an address.
    static let fileExtensions: Set<String> = ["png", "jpg", "jpeg", "gif", "svg", "webp", "heic", "bmp", "tif", "tiff", "ico",
                                              "pdf", "txt", "json", "js", "css", "html", "htm", "mp3", "mp4", "wav", "docx",
                                              "xlsx", "pptx", "csv", "swift", "ts", "otf", "ttf", "woff", "woff2"]

    /// `2x`, `3x`, `1.5x`: the scale suffix of image assets.
    private static func isScale(_ label: Substring) -> Bool {
        label.count >= 2 && label.last == "x" && label.dropLast().allSatisfy { Self.isDigit($0) || $0 == "." }
    }

    private static func isDigit(_ character: Character) -> Bool { ("0"..."9").contains(character) }

    private static func isValid(local: ArraySlice<Unicode.Scalar>, domain: ArraySlice<Unicode.Scalar>) -> Bool {
        guard local.count <= 64, local.last != ".", !String(String.UnicodeScalarView(local)).contains("..") else { return false }
        let labels = String(String.UnicodeScalarView(domain)).split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, domain.count <= 253 else { return false }
        for label in labels {
            guard (1...63).contains(label.count), label.first != "-", label.last != "-" else { return false }
        }
        let tld = labels[labels.count - 1]
        // `icon@2x.png`: an image scale and a file extension, not a domain.
        if fileExtensions.contains(tld.lowercased()) || (labels.count == 2 && isScale(labels[0])) { return false }
        return tld.count >= 2 && tld.unicodeScalars.allSatisfy { Scalars.isASCIILetter($0) || (!$0.isASCII && $0.properties.isAlphabetic) }
    }
}
