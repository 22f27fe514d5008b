/// Scans free text for personal data and redacts it to typed placeholders.
///
/// Detectors run in a fixed order (e-mail, IBAN, card, IPv6, IPv4, phone); a later
/// detector's match that overlaps an earlier one is dropped, so the digits of an IBAN are
/// never also reported as a phone number.
public struct PIIScanner: Sendable {
    private let detectors: [any PIIDetector]

    /// The scanner with every detector.
    public static let standard = PIIScanner(kinds: PIIKind.allCases)

    /// A scanner with the detectors for `kinds` only, in the standard order.
    public init(kinds: [PIIKind]) {
        let all: [any PIIDetector] = [EmailDetector(), IBANDetector(), CardDetector(), IPv6Detector(), IPv4Detector(),
                                      PhoneDetector()]
        detectors = all.filter { kinds.contains($0.kind) }
    }

    /// Every match in `text`, ordered by position.
    public func scan(_ text: String) -> [PIIMatch] {
        let scalars = Array(text.unicodeScalars)
        // Mistyped IBANs are reserved (not reported) so their digits are not taken for other kinds.
        // Claimed ranges stay sorted and disjoint; each detector's matches come in order, so
        // one merge pass per detector checks overlaps in linear time, however long the text.
        var claimed = IBANDetector().shapes(in: scalars).filter { !$0.isValid }.map(\.range)
        var matches: [PIIMatch] = []
        for detector in detectors {
            var accepted: [Range<Int>] = []
            var next = 0
            for range in detector.matches(in: scalars) {
                while next < claimed.count, claimed[next].upperBound <= range.lowerBound { next += 1 }
                if next < claimed.count, claimed[next].lowerBound < range.upperBound { continue }
                accepted.append(range)
                matches.append(PIIMatch(kind: detector.kind, range: range,
                                        value: String(String.UnicodeScalarView(scalars[range]))))
            }
            claimed = Self.merged(claimed, accepted)
        }
        return matches.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// Two sorted lists of disjoint ranges, disjoint from each other, as one sorted list.
    private static func merged(_ first: [Range<Int>], _ second: [Range<Int>]) -> [Range<Int>] {
        guard !second.isEmpty else { return first }
        var result: [Range<Int>] = []
        result.reserveCapacity(first.count + second.count)
        var i = 0, j = 0
        while i < first.count || j < second.count {
            if j == second.count || (i < first.count && first[i].lowerBound < second[j].lowerBound) {
                result.append(first[i]); i += 1
            } else {
                result.append(second[j]); j += 1
            }
        }
        return result
    }

    /// `text` with every match replaced by its placeholder, such as `[EMAIL]`.
    public func redact(_ text: String) -> String {
        let matches = scan(text)
        guard !matches.isEmpty else { return text }
        // Copy by UTF-8 byte offsets into a buffer reserved once: appending scalar slices to a
        // String.UnicodeScalarView grew it too slowly and made long texts quadratic.
        let utf8 = Array(text.utf8)
        var offsets: [Int] = []                      // UTF-8 offset of every scalar, and the end
        offsets.reserveCapacity(utf8.count + 1)
        var offset = 0
        for scalar in text.unicodeScalars {
            offsets.append(offset)
            offset += UTF8.width(scalar)
        }
        offsets.append(offset)
        var output: [UInt8] = []
        output.reserveCapacity(utf8.count)
        var position = 0
        for match in matches {
            output.append(contentsOf: utf8[offsets[position]..<offsets[match.range.lowerBound]])
            output.append(contentsOf: match.kind.placeholder.utf8)
            position = match.range.upperBound
        }
        output.append(contentsOf: utf8[offsets[position]...])
        return String(decoding: output, as: UTF8.self)
    }
}
