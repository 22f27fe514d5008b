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
        // Claimed ranges stay sorted and disjoint, so an overlap check is a binary search:
        // a long text with many matches scans in linear-logarithmic time, not quadratic.
        var claimed = IBANDetector().shapes(in: scalars).filter { !$0.isValid }.map(\.range)
        var matches: [PIIMatch] = []
        for detector in detectors {
            for range in detector.matches(in: scalars) {
                let slot = Self.insertionIndex(of: range, in: claimed)
                if slot > 0, claimed[slot - 1].overlaps(range) { continue }
                if slot < claimed.count, claimed[slot].overlaps(range) { continue }
                claimed.insert(range, at: slot)
                matches.append(PIIMatch(kind: detector.kind, range: range,
                                        value: String(String.UnicodeScalarView(scalars[range]))))
            }
        }
        return matches.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// The index of the first claimed range starting at or after `range`.
    private static func insertionIndex(of range: Range<Int>, in claimed: [Range<Int>]) -> Int {
        var low = 0, high = claimed.count
        while low < high {
            let middle = (low + high) / 2
            if claimed[middle].lowerBound < range.lowerBound { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// `text` with every match replaced by its placeholder, such as `[EMAIL]`.
    public func redact(_ text: String) -> String {
        let matches = scan(text)
        guard !matches.isEmpty else { return text }
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var position = 0
        for match in matches {
            output.append(contentsOf: scalars[position..<match.range.lowerBound])
            output.append(contentsOf: match.kind.placeholder.unicodeScalars)
            position = match.range.upperBound
        }
        output.append(contentsOf: scalars[position...])
        return String(output)
    }
}
