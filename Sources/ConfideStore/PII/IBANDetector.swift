/// Finds IBANs: a country code, two check digits and the country's number of characters,
/// in upper or lower case, optionally grouped by single spaces (also non-breaking), dashes
/// or dots, accepted only when the ISO 13616 mod-97 check holds.
struct IBANDetector: PIIDetector {
    var kind: PIIKind { .iban }

    /// IBAN lengths by country, from the SWIFT IBAN registry.
    static let lengths: [String: Int] = [
        "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29,
        "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29,
        "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28,
        "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20,
        "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19,
        "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29,
        "RO": 24, "RS": 22, "SA": 24, "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28,
        "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
    ]

    func matches(in text: [Unicode.Scalar]) -> [Range<Int>] {
        shapes(in: text).filter(\.isValid).map(\.range)
    }

    /// Every IBAN-shaped token (country code, two digits, the country's length), valid or
    /// not. The scanner reserves invalid ones too, so that the digits of a mistyped IBAN
    /// are not reported as a phone or card number.
    func shapes(in text: [Unicode.Scalar]) -> [(range: Range<Int>, isValid: Bool)] {
        var result: [(range: Range<Int>, isValid: Bool)] = []
        var index = 0
        while index + 4 <= text.count {
            if !Scalars.isWord(at: index - 1, in: text), let (end, characters) = Self.shape(at: index, in: text) {
                let valid = Self.isValidChecksum(characters)
                // A lower-case shape that fails the check is just a word and digits, and `DE 0151 …`
                // may be a country before a phone number: neither is reserved.
                if valid || (Scalars.isUpper(text[index]) && !Self.isSeparator(text[index + 2])) {
                    result.append((index..<end, valid))
                }
                index = end
            } else {
                index += 1
            }
        }
        return result
    }

    /// The end and characters of an IBAN-shaped token starting at `start`, if there is one.
    private static func shape(at start: Int, in text: [Unicode.Scalar]) -> (Int, [Unicode.Scalar])? {
        let upper = Scalars.isUpper(text[start]) && Scalars.isUpper(text[start + 1])
        let lower = Scalars.isLower(text[start]) && Scalars.isLower(text[start + 1])
        // Only upper case may put a space after the country (`DE 89 …`): in lower case that is a word (`no 12…`).
        let gap = upper && isSeparator(text[start + 2]) && start + 4 < text.count ? 1 : 0
        guard upper || lower, Scalars.isDigit(text[start + 2 + gap]), Scalars.isDigit(text[start + 3 + gap]),
              let length = lengths[String(String.UnicodeScalarView(text[start..<(start + 2)])).uppercased()] else { return nil }
        var characters: [Unicode.Scalar] = []
        var position = start
        var separator: Unicode.Scalar?
        while characters.count < length, position < text.count {
            let scalar = text[position]
            if Scalars.isDigit(scalar) || Scalars.isUpper(scalar) {
                characters.append(scalar)
                position += 1
            } else if Scalars.isLower(scalar) {
                characters.append(Unicode.Scalar(UInt8(scalar.value) - 0x20))
                position += 1
            } else if isSeparator(scalar), separator == nil || separator == scalar, characters.count >= 4 || (characters.count == 2 && upper),
                      position + 1 < text.count, !isSeparator(text[position - 1]) {
                // One kind of separator, single, between groups; the first group holds the country and
                // check digits, or the country alone (`DE 89 3704 …`).
                separator = scalar
                position += 1
            } else {
                return nil
            }
        }
        guard characters.count == length, !Scalars.isWord(at: position, in: text) else { return nil }
        // `DE89-3704-…-00-7`: a trailing group joined by the same separator would be left behind.
        if separator == "-", position + 1 < text.count, text[position] == "-", Scalars.isWord(at: position + 1, in: text) {
            return nil
        }
        return (position, characters)
    }

    private static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "-" || scalar == "." || scalar == "\u{00A0}" || scalar == "\u{202F}"
    }

    /// ISO 13616: move the first four characters to the end, read letters as 10–35, and
    /// the number must leave remainder 1 when divided by 97. Check digits 00, 01 and 99 never occur in a valid IBAN.
    static func isValidChecksum(_ characters: [Unicode.Scalar]) -> Bool {
        let check = Scalars.digitValue(characters[2]) * 10 + Scalars.digitValue(characters[3])
        guard (2...98).contains(check) else { return false }
        var remainder = 0
        for scalar in characters[4...] + characters[..<4] {
            if Scalars.isDigit(scalar) {
                remainder = (remainder * 10 + Scalars.digitValue(scalar)) % 97
            } else {
                remainder = (remainder * 100 + Int(scalar.value) - 55) % 97
            }
        }
        return remainder == 1
    }
}
