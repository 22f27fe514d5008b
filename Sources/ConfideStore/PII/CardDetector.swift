/// Finds payment card numbers: 13 to 19 digits, optionally grouped by one kind of single
/// separator (space, non-breaking or thin space, hyphen, dot), with a known issuer prefix
/// and length (including Mir, Troy and RuPay), and a valid Luhn checksum, unless a barcode word (EAN, ISBN…) precedes them.
struct CardDetector: PIIDetector {
    var kind: PIIKind { .card }

    func matches(in text: [Unicode.Scalar]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var index = 0
        while index < text.count {
            guard Scalars.isDigit(text[index]), !Scalars.isWord(at: index - 1, in: text) else { index += 1; continue }
            // Collect a run of digits with single separators, remembering where each group ends.
            var digits: [Int] = []
            var groupEnds: [(digitCount: Int, end: Int)] = []
            var position = index
            var separator: Unicode.Scalar?
            while position < text.count {
                let scalar = text[position]
                if Scalars.isDigit(scalar) {
                    digits.append(Scalars.digitValue(scalar))
                    position += 1
                } else if Self.isSeparator(scalar), separator == nil || separator == scalar, position + 1 < text.count,
                          Scalars.isDigit(text[position + 1]) {
                    separator = scalar
                    groupEnds.append((digits.count, position))
                    position += 1
                } else {
                    break
                }
            }
            if Scalars.isWord(at: position, in: text) { groupEnds = [] } else { groupEnds.append((digits.count, position)) }
            // The longest prefix ending at a group boundary that is a valid card number.
            let match = groupEnds.reversed().first { candidate in
                (13...19).contains(candidate.digitCount) && Self.isValid(Array(digits[..<candidate.digitCount]))
            }
            if let match, !Self.isBarcode(before: index, in: text) {
                result.append(index..<match.end)
                index = match.end
            } else {
                index = position + 1
            }
        }
        return result
    }

    private static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "-" || scalar == "." || scalar == "\u{00A0}" || scalar == "\u{202F}" || scalar == "\u{2009}"
    }

    /// Barcode and device identifiers that may pass Luhn and an issuer prefix by chance.
    static let barcodeWords: Set<String> = ["ean", "isbn", "gtin", "upc", "barcode", "imei", "strichcode", "codebarres",
                                            "barras", "barre", "streepjescode", "artikelnummer", "sku"]

    private static func isBarcode(before index: Int, in text: [Unicode.Scalar]) -> Bool {
        var position = index - 1
        while position >= 0, !Scalars.isWordCharacter(text[position]), index - position < 4 { position -= 1 }
        guard position >= 0, Scalars.isWordCharacter(text[position]) else { return false }
        var start = position
        while start > 0, Scalars.isWordCharacter(text[start - 1]) { start -= 1 }
        return barcodeWords.contains(PIIContext.folded(text[start...position]))
    }

    static func isValid(_ digits: [Int]) -> Bool {
        isKnownIssuer(digits) && luhn(digits)
    }

    /// The Luhn (mod 10) checksum used by every card scheme.
    static func luhn(_ digits: [Int]) -> Bool {
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            if offset % 2 == 1 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return sum % 10 == 0
    }

    /// Issuer identification number ranges and lengths of the major schemes.
    static func isKnownIssuer(_ digits: [Int]) -> Bool {
        func prefix(_ count: Int) -> Int { digits.prefix(count).reduce(0) { $0 * 10 + $1 } }
        let length = digits.count
        let p1 = prefix(1), p2 = prefix(2), p3 = prefix(3), p4 = prefix(4)
        if p1 == 4 { return [13, 16, 19].contains(length) }                                    // Visa
        if (51...55).contains(p2) || (2221...2720).contains(p4) { return length == 16 }        // Mastercard
        if p2 == 34 || p2 == 37 { return length == 15 }                                        // American Express
        if p4 == 6011 || (644...649).contains(p3) || p2 == 65 { return (16...19).contains(length) } // Discover
        if (3528...3589).contains(p4) { return (16...19).contains(length) }                    // JCB
        if (300...305).contains(p3) || p2 == 36 || p2 == 38 || p2 == 39 { return (14...19).contains(length) } // Diners
        if p2 == 62 { return (16...19).contains(length) }                                      // UnionPay
        if [5018, 5020, 5038, 6304, 6759, 6761, 6763].contains(p4) { return (13...19).contains(length) } // Maestro
        if (2200...2204).contains(p4) { return (16...19).contains(length) }                    // Mir
        if p4 == 9792 { return length == 16 }                                                  // Troy
        if p2 == 60 || p3 == 508 { return length == 16 }                                       // RuPay
        return false
    }
}
