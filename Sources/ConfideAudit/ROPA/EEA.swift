import Foundation

/// The European Economic Area, for telling which recipients' locations are transfers to
/// third countries (GDPR Chapter V).
enum EEA {
    /// Names that denote the area as a whole.
    static let regions: Set<String> = ["eu", "eea", "european union", "european economic area"]

    /// The 27 EU member states and Iceland, Liechtenstein and Norway, by English name and ISO 3166 code.
    static let countries: Set<String> = [
        "austria", "at", "belgium", "be", "bulgaria", "bg", "croatia", "hr", "cyprus", "cy", "czechia", "czech republic", "cz",
        "denmark", "dk", "estonia", "ee", "finland", "fi", "france", "fr", "germany", "de", "greece", "gr", "hungary", "hu",
        "ireland", "ie", "italy", "it", "latvia", "lv", "lithuania", "lt", "luxembourg", "lu", "malta", "mt", "netherlands",
        "the netherlands", "nl", "poland", "pl", "portugal", "pt", "romania", "ro", "slovakia", "sk", "slovenia", "si",
        "spain", "es", "sweden", "se", "iceland", "is", "liechtenstein", "li", "norway", "no",
    ]

    /// Whether `location` names the EEA or a country in it (case-insensitive).
    static func contains(_ location: String) -> Bool {
        let name = location.trimmingCharacters(in: .whitespaces).lowercased()
        return regions.contains(name) || countries.contains(name)
    }
}
