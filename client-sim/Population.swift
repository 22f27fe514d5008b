import ArgumentParser
import ConfideClient
import ConfideML
import ConfideStore
import Foundation

/// The simulated users of a run, from MovieLens-100K (one device per user) or the seeded
/// synthetic e-commerce generator.
enum Population {
    /// MovieLens-100K from `directory` (default `$CONFIDE_ML100K_DIR` or var/data/ml-100k),
    /// or an error saying how to fetch it.
    static func loadMovieLens(directory: String?) throws -> MovieLens {
        let folder = directory.map { URL(fileURLWithPath: $0) } ?? MovieLens.defaultDirectory
        guard MovieLens.isPresent(in: folder) else {
            throw SimulationError("MovieLens-100K is not in \(folder.path); run scripts/fetch-movielens (or make data) first")
        }
        return try MovieLens.load(from: folder)
    }

    /// The first `clients` MovieLens users.
    static func movieLens(_ data: MovieLens, clients: Int, seed: UInt64) -> [SimulatedUser] {
        movieLens(data, users: Array(data.users.prefix(clients)), seed: seed)
    }

    /// The given MovieLens users, each as the device `run` would build for them.
    static func movieLens(_ data: MovieLens, users: [MovieLens.User], seed: UInt64) -> [SimulatedUser] {
        let catalog = data.itemIndex, genres = data.genreMasks, reference = data.latestTimestamp
        var byUser: [Int: [Rating]] = [:]
        for rating in data.ratings { byUser[rating.user, default: []].append(rating) }
        return users.map { user in
            let ratings = (byUser[user.id] ?? []).map { rating -> [String: JSONValue] in
                ["movie_id": .integer(Int64(rating.item)), "rating": .integer(Int64(rating.value.rounded())),
                 "timestamp": .integer(rating.timestamp)]
            }
            let profile = FakeIdentity.profile(user: user.id, age: user.age, gender: user.gender, occupation: user.occupation,
                                               zip: user.zipCode, seed: seed)
            return SimulatedUser(subject: "ml-user-\(user.id)", records: [("profile", [profile]), ("rating", ratings)]) { stored in
                try DeviceDataBuilder.movieLens(records: stored, user: user.id, catalog: catalog, genres: genres,
                                                referenceTime: reference, splitSeed: seed)
            }
        }
    }

    /// `clients` synthetic shoppers. Each device cleans its own raw event log (time zones,
    /// duplicates, implausible values); its profile and purchases go to its local store.
    static func synthetic(clients: Int, seed: UInt64) throws -> [SimulatedUser] {
        let generator = try SyntheticCommerce(SyntheticCommerce.Configuration(users: clients, seed: seed))
        let end = generator.configuration.windowEnd
        let cleaner = CommerceCleaner(CommerceCleaner.Configuration(now: end))
        return (0..<clients).map { index in
            let raw = generator.user(index)
            var report = CleaningReport()
            let clean = cleaner.clean(raw, report: &report)
            var profile: [String: JSONValue] = ["user_id": .string(raw.profile.userID)]
            if let name = raw.profile.name { profile["name"] = .string(name) }
            if let email = raw.profile.email { profile["email"] = .string(email) }
            if let phone = raw.profile.phone { profile["phone"] = .string(phone) }
            if let ip = raw.profile.ipAddress { profile["ip"] = .string(ip) }
            if let age = clean.age { profile["age"] = .integer(Int64(age)) }
            if let gender = raw.profile.gender { profile["gender"] = .string(gender) }
            let orders: [[String: JSONValue]] = clean.events.enumerated().compactMap { offset, event in
                guard event.kind == .purchase, let amount = event.amount else { return nil }
                return ["order_id": .string("\(raw.profile.userID)-\(offset)"), "category": .string(event.category ?? "unknown"),
                        "quantity": .integer(1), "amount": .number(amount), "currency": .string("EUR"),
                        "ordered_at": .integer(event.time)]
            }
            let data = DeviceDataBuilder.commerce(user: clean, referenceTime: end)
            return SimulatedUser(subject: "shopper-\(raw.profile.userID)", records: [("profile", [profile]), ("order", orders)]) { _ in data }
        }
    }
}
