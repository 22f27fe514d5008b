import Foundation

/// Finds IPv6 addresses: eight groups of one to four hex digits, or fewer with a single
/// `::`, optionally ending in an embedded IPv4 address (RFC 4291 §2.2); eight groups of two
/// hex digits each are taken for an EUI-64 or WWN hardware identifier instead.
struct IPv6Detector: PIIDetector {
    var kind: PIIKind { .ipv6 }

    func matches(in text: [Unicode.Scalar]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var index = 0
        while index < text.count {
            let scalar = text[index]
            guard Scalars.isHex(scalar) || scalar == ":", !Scalars.isWord(at: index - 1, in: text),
                  index == 0 || (text[index - 1] != ":" && text[index - 1] != ".") else { index += 1; continue }
            var end = index
            while end < text.count, Scalars.isHex(text[end]) || text[end] == ":" || text[end] == "." { end += 1 }
            var candidate = end
            if text[candidate - 1] == "." { candidate -= 1 }
            if candidate - index >= 2, text[candidate - 1] == ":", text[candidate - 2] != ":" { candidate -= 1 }
            if candidate > index, !Scalars.isWord(at: end, in: text), Self.isAddress(text[index..<candidate]) {
                result.append(index..<candidate)
            }
            index = max(end, index + 1)
        }
        return result
    }

    static func isAddress(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        let text = String(String.UnicodeScalarView(scalars))
        guard text.contains(":"), text.unicodeScalars.contains(where: Scalars.isHex) else { return false }
        // Eight groups of exactly two hex digits are an EUI-64 or Fibre Channel WWN
        // (`50:06:01:60:3b:a0:1a:2b`), written like a MAC address, not an IPv6 address.
        let groups = text.split(separator: ":", omittingEmptySubsequences: false)
        if groups.count == 8, groups.allSatisfy({ $0.count == 2 }) { return false }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return false }
        var groupCount = 0
        for (halfIndex, half) in halves.enumerated() where !half.isEmpty {
            let groups = half.split(separator: ":", omittingEmptySubsequences: false)
            for (groupIndex, group) in groups.enumerated() {
                let isLast = halfIndex == halves.count - 1 && groupIndex == groups.count - 1
                if isLast, group.contains(".") {
                    guard IPv4Detector.isAddress(ArraySlice(group.unicodeScalars)) else { return false }
                    groupCount += 2
                } else {
                    guard (1...4).contains(group.count), group.unicodeScalars.allSatisfy(Scalars.isHex) else { return false }
                    groupCount += 1
                }
            }
        }
        return halves.count == 2 ? groupCount <= 7 : groupCount == 8
    }
}
