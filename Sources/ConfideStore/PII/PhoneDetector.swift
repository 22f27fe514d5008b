/// Finds telephone numbers in international and national formats, validated against the
/// numbering plans of libphonenumber (`PhonePlan`).
///
/// A candidate is a run of digits and the separators people type between groups (space,
/// non-breaking and thin spaces, `-`, `.`, `/`, parentheses), optionally after `+`, `(+`
/// or `00`, optionally followed by an extension (`ext. 12`, `x12`, `Durchwahl 12`…). It
/// is a phone number when:
/// - international (`+`, `00`): a country code and a number valid in one of its regions,
///   with `(0)` after the code allowed;
/// - national: valid in one of the regions whose languages the scanner serves, after their
///   trunk prefix (`0` in DE, AT, CH, FR, BE, NL, GB, IE) or as written (LU, IT, ES, PT,
///   BR with the area code in parentheses, US and Canada), written in phone-like groups or
///   confirmed by a phone word among the four words before or after it;
/// and no identifier word (order, version, EAN…, see `PIIContext`) is the nearest cue
/// before it (for `+` numbers: the word right before it). Dates, times, decimals and
/// thousands-grouped amounts fail these shapes.
struct PhoneDetector: PIIDetector {
    var kind: PIIKind { .phone }

    /// Regions tried for numbers written without a country code.
    static let trunkRegions = ["DE", "AT", "CH", "FR", "BE", "NL", "GB", "IE"]
    /// Regions without a trunk prefix, where national numbers are written as dialled.
    static let plainRegions = ["LU", "IT", "ES", "PT", "US", "CA", "BR"]

    func matches(in text: [Unicode.Scalar]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var index = 0
        while index < text.count {
            let scalar = text[index]
            guard scalar == "+" || scalar == "(" || Scalars.isDigit(scalar), !Scalars.isWord(at: index - 1, in: text),
                  index == 0 || !".,/-+@#_:%$€£".unicodeScalars.contains(text[index - 1]) || Self.isColonAfterWord(index, text),
                  !Self.continuesDigits(index, text)
            else { index += 1; continue }
            if let end = candidateEnd(from: index, in: text) {
                result.append(index..<end)
                index = end
            } else {
                index += 1
            }
        }
        return result
    }

    /// Whether `index` follows a digit and a separator: the middle of a longer run that failed.
    private static func continuesDigits(_ index: Int, _ text: [Unicode.Scalar]) -> Bool {
        index >= 2 && isSeparator(text[index - 1]) && Scalars.isDigit(text[index - 2])
    }

    /// `tel:+44…` and `Tel.:030…` start a number right after a colon.
    private static func isColonAfterWord(_ index: Int, _ text: [Unicode.Scalar]) -> Bool {
        text[index - 1] == ":" && index >= 2 && (Scalars.isWord(at: index - 2, in: text) || text[index - 2] == ".")
    }

    static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "-", ".", "/", "(", ")", "\u{00A0}", "\u{202F}", "\u{2009}", "\u{2007}", "\u{2010}", "\u{2011}": true
        default: false
        }
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\u{00A0}" || scalar == "\u{202F}" || scalar == "\u{2009}" || scalar == "\u{2007}"
    }

    /// The end of the phone number starting at `start`, trying the whole run and then
    /// shorter ones ending at a group boundary (`+33 6 12 34 56 78 2024` ends before 2024).
    private func candidateEnd(from start: Int, in text: [Unicode.Scalar]) -> Int? {
        var end = start + 1
        var boundaries: [Int] = []
        while end < text.count {
            let scalar = text[end]
            if Scalars.isDigit(scalar) {
                end += 1
                if end == text.count || !Scalars.isDigit(text[end]) { boundaries.append(end) }
            } else if Self.isSeparator(scalar) {
                // At most two separators in a row (`) `, ` (`, ` / `, ` - `) and three with a slash.
                var gap = end
                while gap < text.count, Self.isSeparator(text[gap]), gap - end < 3 { gap += 1 }
                let continues = gap < text.count
                    && (Scalars.isDigit(text[gap]) || text[gap] == "(" || (text[gap] == "+" && text[end] == "("))
                guard continues else {
                    if text[end] == ")" { boundaries.append(end + 1) }
                    break
                }
                end = gap
            } else if scalar == "+" && text[end - 1] == "(" {
                end += 1
            } else {
                break
            }
        }
        // Only an international number may end before the run does: a national one taken from
        // the front of a longer run (`4903 1478` of a mistyped card) would be a false alarm.
        let international = text[start] == "+" || (start + 1 < text.count && text[start + 1] == "+")
            || (start + 2 < text.count && text[start] == "0" && text[start + 1] == "0")
        for boundary in boundaries.reversed() where international || boundary == boundaries.last {
            if boundary < text.count, Scalars.isWord(at: boundary, in: text) { continue }
            if boundary < text.count, text[boundary] == "@" || text[boundary] == "%" || text[boundary] == "€" { continue }
            // A decimal or thousands separator followed by digits means this run is a number, not a phone.
            if boundary + 1 < text.count, ",.".unicodeScalars.contains(text[boundary]), Scalars.isDigit(text[boundary + 1]) {
                continue
            }
            if isPhone(text[start..<boundary], at: start, in: text) {
                return Self.extensionEnd(after: boundary, in: text)
            }
        }
        return nil
    }

    /// Words that introduce an extension, in the six languages.
    static let extensionWords: Set<String> = ["ext", "extn", "x", "#", "durchwahl", "dw", "poste", "int", "interno", "toestel"]

    /// Includes an extension (`ext. 12`, `x 12`, `#12`, `Durchwahl 12`, `poste 12`, `int. 12`) in the match.
    private static func extensionEnd(after end: Int, in text: [Unicode.Scalar]) -> Int {
        var position = end
        while position < text.count, isSpace(text[position]) || text[position] == "," { position += 1 }
        var word = String.UnicodeScalarView()
        while position < text.count, Scalars.isASCIILetter(text[position]) || text[position] == "#" {
            word.append(text[position]); position += 1
        }
        guard Self.extensionWords.contains(String(word).lowercased()) else { return end }
        while position < text.count, text[position] == "." || text[position] == ":" || isSpace(text[position]) { position += 1 }
        var digits = 0
        while position + digits < text.count, Scalars.isDigit(text[position + digits]) { digits += 1 }
        guard (1...6).contains(digits), !Scalars.isWord(at: position + digits, in: text) else { return end }
        return position + digits
    }

    func isPhone(_ run: ArraySlice<Unicode.Scalar>, at start: Int, in text: [Unicode.Scalar]) -> Bool {
        let shape = PhoneShape(run)
        let cue = PIIContext.cue(before: start, in: text, for: .phone, words: shape.isInternational ? 1 : 4)
        if cue == .identifier { return false }
        guard shape.isBalanced, !shape.looksLikeDateOrTime else { return false }
        let digits = shape.digits
        if shape.isInternational {
            return shape.groupsAreSane(afterCountryCode: true) && PhonePlan.isValidInternational(digits)
        }
        if digits.hasPrefix("00"), !digits.hasPrefix("000") {
            return shape.hasSeparators && shape.groupsAreSane(afterCountryCode: true)
                && PhonePlan.isValidInternational(String(digits.dropFirst(2)))
        }
        let confirmed = cue == .kind(.phone) || PIIContext.confirms(.phone, after: run.endIndex, in: text)
        // Fewer than nine digits (`4402 1133`, `01.02.03.04`) only after a phone word.
        let phoneLike = shape.groupsAreSane(afterCountryCode: false) && shape.hasSeparators
        guard digits.utf8.count >= (confirmed ? 7 : 9),
              confirmed || phoneLike || (digits.utf8.count >= 10 && digits.hasPrefix("0")) else { return false }
        if !confirmed && shape.isThousandsGrouped { return false }
        for region in Self.trunkRegions {
            guard let plan = PhonePlan.byRegion[region], digits.hasPrefix(plan.nationalPrefix) else { continue }
            if plan.isValid(nationalNumber: String(digits.dropFirst(plan.nationalPrefix.count))) { return true }
        }
        guard confirmed || shape.hasSeparators else { return false }
        for region in Self.plainRegions {
            guard let plan = PhonePlan.byRegion[region] else { continue }
            if region == "US" || region == "CA" {
                guard let number = shape.northAmericanNumber else { continue }
                if plan.isValid(nationalNumber: number) { return true }
            } else if region == "BR" {
                if shape.hasAreaCodeInParentheses, plan.isValid(nationalNumber: digits) { return true }
            } else if plan.isValid(nationalNumber: digits) {
                return true
            }
        }
        return false
    }
}
