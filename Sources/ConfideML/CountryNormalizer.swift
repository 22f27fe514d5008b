import Foundation

/// Maps country names in mixed spellings to ISO 3166-1 alpha-2 codes, from Foundation's
/// region data (no hand-made table): every two-letter region's own code and its names in
/// several languages, compared after folding case, accents, punctuation and "&"/"and".
public struct CountryNormalizer: Sendable {
    /// The languages whose region names are recognized.
    public static let languages = ["en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "pt_BR", "nl_NL"]

    private let codes: [String: String]

    /// The shared normalizer (building the table takes a few milliseconds).
    public static let shared = CountryNormalizer()

    /// Builds the lookup table from Foundation's region list and localized names.
    public init() {
        let regions = Locale.Region.isoRegions.map(\.identifier).filter {
            $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isLetter }
        }
        var codes: [String: String] = [:]
        for code in regions.sorted() { codes[Self.fold(code)] = code }
        for language in Self.languages {
            let locale = Locale(identifier: language)
            for code in regions.sorted() {
                guard let name = locale.localizedString(forRegionCode: code) else { continue }
                let key = Self.fold(name)
                // The first language wins a clash, so English names are never shadowed.
                if codes[key] == nil { codes[key] = code }
            }
        }
        self.codes = codes
    }

    /// Every ISO code the normalizer knows.
    public var knownCodes: Set<String> { Set(codes.values) }

    /// The alpha-2 code for `name` ("Germany", "deutschland", " ALLEMAGNE ", "de"), or nil.
    public func code(for name: String) -> String? {
        codes[Self.fold(name)]
    }

    /// The name of `code` in `language` (for generating test data and reports).
    public static func name(of code: String, language: String = "en_US") -> String? {
        Locale(identifier: language).localizedString(forRegionCode: code)
    }

    /// Case- and accent-insensitive key with punctuation as single spaces and "&" as "and".
    static func fold(_ text: String) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "en_US_POSIX"))
            .replacingOccurrences(of: "&", with: " and ")
        var result = ""
        var pendingSpace = false
        for scalar in folded.unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) {
                if pendingSpace && !result.isEmpty { result.append(" ") }
                pendingSpace = false
                result.unicodeScalars.append(scalar)
            } else {
                pendingSpace = true
            }
        }
        return result
    }
}
