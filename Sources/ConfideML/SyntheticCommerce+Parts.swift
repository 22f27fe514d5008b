import Foundation

extension SyntheticCommerce {
    private static let firstNames = ["Ada", "Bruno", "Chloé", "Dmitri", "Elif", "Femi", "Greta", "Hugo", "Ines", "Jonas", "Keiko", "Luca"]
    private static let lastNames = ["Almeida", "Berg", "Costa", "Dubois", "Eriksen", "Fischer", "García", "Horvat", "Ivanova", "Jansen"]
    static let zoneNames = ["Europe/Berlin", "Europe/London", "America/New_York", "Asia/Tokyo", "Europe/Lisbon", "America/Los_Angeles"]
    static let languages = ["en_US", "de_DE", "fr_FR", "es_ES", "it_IT"]

    func makeProfile(_ index: Int, _ segment: Int, _ random: inout SeededGenerator) -> CommerceProfile {
        let first = Self.firstNames[random.nextIndex(Self.firstNames.count)]
        let last = Self.lastNames[random.nextIndex(Self.lastNames.count)]
        var age: Double = Double(18 + random.nextIndex(60))
        if random.chance(configuration.implausibleRate) { age = 150 }
        let country = random.nextIndex(countries.count)
        var profile = CommerceProfile(
            userID: "u\(index)", segment: segment,
            name: "\(first) \(last)",
            email: "\(first.lowercased()).\(last.lowercased())\(index)@example.com",
            phone: "+49 30 \(1_000_000 + random.nextIndex(8_999_999))",
            ipAddress: "\(10 + random.nextIndex(200)).\(random.nextIndex(256)).\(random.nextIndex(256)).\(1 + random.nextIndex(254))",
            age: age, gender: ["female", "male", "other"][random.nextIndex(3)],
            country: spelling(of: country, &random)
        )
        if random.chance(configuration.missingRate) { profile.age = nil }
        if random.chance(configuration.missingRate) { profile.gender = nil }
        if random.chance(configuration.missingRate) { profile.country = nil }
        if random.chance(configuration.missingRate) { profile.email = nil }
        return profile
    }

    /// A country written as people write it: a name in one of several languages, or the code,
    /// in varying case and spacing.
    private func spelling(of country: Int, _ random: inout SeededGenerator) -> String {
        let base = random.chance(0.15) ? countries[country]
            : countryNames[country][random.nextIndex(Self.languages.count)]
        switch random.nextIndex(4) {
        case 0: return base.lowercased()
        case 1: return base.uppercased()
        case 2: return "  \(base) "
        default: return base
        }
    }

    func makeEvents(_ index: Int, _ segment: Segment, _ random: inout SeededGenerator) -> [CommerceEvent] {
        let sessions = max(1, Int((segment.sessions * exp(0.3 * random.nextGaussian())).rounded()))
        let activeDays = configuration.windowDays - segment.lapsedDays
        var events: [CommerceEvent] = []
        events.reserveCapacity(sessions * 4)
        var counter = 0
        func nextID() -> String {
            counter += 1
            return "u\(index)-e\(counter)"
        }
        for _ in 0..<sessions {
            let start = configuration.windowEnd - Int64((segment.lapsedDays + random.nextUnit() * activeDays) * 86_400)
            var minutes = segment.sessionMinutes * exp(0.4 * random.nextGaussian())
            if random.chance(configuration.implausibleRate) { minutes = 20 * 60 }
            let pages = max(1, (minutes * 0.8 * exp(0.3 * random.nextGaussian())).rounded())
            events.append(event(nextID(), .session, start, seconds: (minutes * 60).rounded(), pages: pages, random: &random))
            let views = 1 + random.nextIndex(4)
            for view in 0..<views {
                events.append(event(nextID(), .view, start + Int64(30 * (view + 1)), category: category(segment, &random), random: &random))
            }
            if random.chance(segment.purchaseChance) {
                var amount = (segment.amount * exp(0.35 * random.nextGaussian()) * 100).rounded() / 100
                if random.chance(configuration.implausibleRate) { amount = -amount }
                events.append(event(nextID(), .purchase, start + Int64(60 * views + 45), category: category(segment, &random),
                                    amount: amount, random: &random))
            }
        }
        return events
    }

    private func category(_ segment: Segment, _ random: inout SeededGenerator) -> String {
        random.chance(0.7) ? Self.categories[segment.favourites[random.nextIndex(segment.favourites.count)]]
            : Self.categories[random.nextIndex(Self.categories.count)]
    }

    private func event(
        _ id: String, _ kind: CommerceEvent.Kind, _ time: Int64, seconds: Double? = nil, pages: Double? = nil,
        category: String? = nil, amount: Double? = nil, random: inout SeededGenerator
    ) -> CommerceEvent {
        var event = CommerceEvent(eventID: id, kind: kind, timestamp: render(time, &random), sessionSeconds: seconds,
                                  pages: pages, category: category, amount: amount)
        let rate = configuration.missingRate
        if random.chance(rate) { event.timestamp = nil }
        if kind == .session, random.chance(rate) { event.sessionSeconds = nil }
        if kind == .session, random.chance(rate) { event.pages = nil }
        if kind != .session, random.chance(rate) { event.category = nil }
        if kind == .purchase, random.chance(rate) { event.amount = nil }
        return event
    }

    /// The instant written in one of the accepted forms, in a random time zone.
    func render(_ time: Int64, _ random: inout SeededGenerator) -> String {
        let zone = zones[random.nextIndex(zones.count)]
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(time)))
        switch random.nextIndex(4) {
        case 0: return Self.iso(time, offset: 0, separator: "T") + "Z"
        case 1: return Self.iso(time, offset: offset, separator: "T") + Self.offsetText(offset)
        case 2: return Self.iso(time, offset: offset, separator: " ") + " " + zone.identifier
        default: return String(time)
        }
    }

    /// Adds re-sent copies of about `duplicateRate` of the events right after the original.
    func addDuplicates(_ events: inout [CommerceEvent], _ random: inout SeededGenerator) {
        var result: [CommerceEvent] = []
        result.reserveCapacity(events.count + events.count / 20 + 1)
        for event in events {
            result.append(event)
            guard random.chance(configuration.duplicateRate) else { continue }
            var copy = event
            // Half of the copies carry the same instant written in another zone or form.
            if random.chance(0.5), let text = event.timestamp {
                var parser = TimestampParser()
                if let time = try? parser.parse(text) { copy.timestamp = render(time, &random) }
            }
            result.append(copy)
        }
        events = result
    }

    // Hand-rolled formatting: String(format:) dominated generation time.
    private static func iso(_ time: Int64, offset: Int, separator: String) -> String {
        let local = time + Int64(offset)
        let days = Int((local >= 0 ? local : local - 86_399) / 86_400)
        let secondOfDay = Int(local - Int64(days) * 86_400)
        let (year, month, day) = civil(fromDays: days)
        return "\(year)-\(pad(month))-\(pad(day))\(separator)\(pad(secondOfDay / 3_600)):\(pad(secondOfDay / 60 % 60)):\(pad(secondOfDay % 60))"
    }

    private static func offsetText(_ offset: Int) -> String {
        let magnitude = abs(offset)
        return (offset < 0 ? "-" : "+") + pad(magnitude / 3_600) + ":" + pad(magnitude / 60 % 60)
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }

    /// Civil date of a day count since 1970-01-01 (Hinnant's algorithm).
    private static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
