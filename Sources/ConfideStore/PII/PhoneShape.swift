/// How a candidate phone number is written: its digits, groups and separators.
struct PhoneShape {
    /// The digits, without a `(0)` trunk marker after an international prefix.
    let digits: String
    /// The digit groups, in order.
    let groups: [Int]
    /// Separator characters other than spaces and parentheses (`-`, `.`, `/`).
    let marks: Set<Unicode.Scalar>
    /// Whether the number starts with `+` or `(+`.
    let isInternational: Bool
    let isBalanced: Bool
    let hasSeparators: Bool
    let hasAreaCodeInParentheses: Bool
    private let scalars: [Unicode.Scalar]

    init(_ run: ArraySlice<Unicode.Scalar>) {
        var scalars = Array(run)
        isInternational = scalars.first == "+" || (scalars.count > 1 && scalars[0] == "(" && scalars[1] == "+")
        var depth = 0
        var balanced = true
        for scalar in scalars {
            if scalar == "(" { depth += 1 } else if scalar == ")" { depth -= 1; if depth < 0 { balanced = false } }
        }
        isBalanced = balanced && depth == 0
        hasAreaCodeInParentheses = scalars.count > 4 && scalars[0] == "(" && scalars[3] == ")"
            && Scalars.isDigit(scalars[1]) && Scalars.isDigit(scalars[2])
        if isInternational, let open = Self.trunkMarker(in: scalars) { scalars.removeSubrange(open..<(open + 3)) }
        self.scalars = scalars
        var digits = String.UnicodeScalarView()
        var groups: [Int] = []
        var marks = Set<Unicode.Scalar>()
        var separators = false
        var current = 0
        for scalar in scalars {
            if Scalars.isDigit(scalar) {
                digits.append(scalar); current += 1
            } else {
                if current > 0 { groups.append(current); current = 0 }
                if scalar != "+" { separators = true }
                if scalar == "-" || scalar == "." || scalar == "/" || scalar == "\u{2010}" || scalar == "\u{2011}" { marks.insert(scalar) }
            }
        }
        if current > 0 { groups.append(current) }
        self.digits = String(digits)
        self.groups = groups
        self.marks = marks
        hasSeparators = separators
    }

    /// The offset of `(0)` after the country code, if written.
    private static func trunkMarker(in scalars: [Unicode.Scalar]) -> Int? {
        guard scalars.count > 3 else { return nil }
        for index in 1..<(scalars.count - 2) where scalars[index] == "(" && scalars[index + 1] == "0" && scalars[index + 2] == ")" {
            return index
        }
        return nil
    }

    /// At most eight groups; after the first (and, after a country code, the second: `+33 6 …`)
    /// each has two digits or more; at most two kinds of marks, never both `-` and `.`.
    func groupsAreSane(afterCountryCode: Bool) -> Bool {
        guard groups.count <= 8 else { return false }
        for (index, size) in groups.enumerated() where index >= (afterCountryCode ? 2 : 1) && size < 2 { return false }
        return marks.count <= 2 && !(marks.contains("-") && marks.contains("."))
    }

    /// `12.03.2024`, `2024-03-12`, `3/12/24`, `12.03.` and similar.
    var looksLikeDateOrTime: Bool {
        guard !isInternational, groups.count == 3 || groups.count == 2, marks.count == 1,
              !scalars.contains(where: { $0 == " " || $0 == "(" }) else { return false }
        if groups.count == 3 {
            return (groups[0] <= 2 && groups[1] <= 2 && (groups[2] == 2 || groups[2] == 4))
                || (groups[0] == 4 && groups[1] <= 2 && groups[2] <= 2)
        }
        return groups[0] <= 2 && groups[1] <= 2
    }

    /// `1.234.567`: a number grouped by thousands (a first group of one to three digits
    /// not starting with 0, then groups of three, all split by dots or commas).
    var isThousandsGrouped: Bool {
        guard groups.count >= 2, marks == ["."], let first = groups.first, (1...3).contains(first), !digits.hasPrefix("0") else {
            return false
        }
        return groups.dropFirst().allSatisfy { $0 == 3 }
    }

    /// The ten digits of a North American number written `(NXX) NXX-XXXX`, `NXX-NXX-XXXX`,
    /// `NXX.NXX.XXXX` or `NXX NXX XXXX`, optionally after `1`.
    var northAmericanNumber: String? {
        var groups = groups
        var digits = Substring(digits)
        if groups.count == 4, groups[0] == 1, digits.first == "1" { groups.removeFirst(); digits = digits.dropFirst() }
        guard groups == [3, 3, 4], marks.count <= 1 else { return nil }
        return String(digits)
    }
}
