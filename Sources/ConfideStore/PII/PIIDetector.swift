/// Finds one kind of personal data in text given as Unicode scalars.
protocol PIIDetector: Sendable {
    /// The kind this detector finds.
    var kind: PIIKind { get }
    /// The ranges (in scalar offsets) of every match, in order, not overlapping.
    func matches(in text: [Unicode.Scalar]) -> [Range<Int>]
}

/// Character classes shared by the detectors. All patterns are ASCII; boundaries treat
/// any Unicode letter or digit as part of a word.
enum Scalars {
    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
    static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool { ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) }
    static func isUpper(_ scalar: Unicode.Scalar) -> Bool { ("A"..."Z").contains(scalar) }
    static func isLower(_ scalar: Unicode.Scalar) -> Bool { ("a"..."z").contains(scalar) }
    static func isHex(_ scalar: Unicode.Scalar) -> Bool {
        isDigit(scalar) || ("a"..."f").contains(scalar) || ("A"..."F").contains(scalar)
    }
    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }
    static func digitValue(_ scalar: Unicode.Scalar) -> Int { Int(scalar.value) - 48 }

    /// Whether the scalar at `index` exists and is a word character.
    static func isWord(at index: Int, in text: [Unicode.Scalar]) -> Bool {
        index >= 0 && index < text.count && isWordCharacter(text[index])
    }
}
