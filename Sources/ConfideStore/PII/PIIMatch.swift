/// One detected piece of personal data in a text.
public struct PIIMatch: Hashable, Sendable {
    /// What was detected.
    public let kind: PIIKind
    /// Where, in Unicode scalar offsets of the scanned text.
    public let range: Range<Int>
    /// The detected text.
    public let value: String

    /// Creates a match.
    public init(kind: PIIKind, range: Range<Int>, value: String) {
        self.kind = kind
        self.range = range
        self.value = value
    }
}
