import ConfideML
import ConfideProtocol
import ConfideStore
import Foundation

/// Turns what a device's local store holds into training data: cleaned, featurized, split.
public enum DeviceDataBuilder {
    /// MovieLens: the `rating` records read back from the store (timestamps already
    /// generalized to the day by the policy) become the device's ratings, per-user features
    /// against the public catalogue, and a seeded 80/20 holdout of its own ratings.
    ///
    /// - Parameters:
    ///   - user: the MovieLens user id (keys the holdout's random stream, as centrally).
    ///   - catalog: the public item catalogue (item id → dense index).
    ///   - genres: each item's genre mask, from the public catalogue.
    ///   - referenceTime: "now" for recency, seconds since 1970 UTC.
    public static func movieLens(records: [StoredRecord], user: Int, catalog: IDIndex, genres: [Int: UInt32],
                                 referenceTime: Int64, splitSeed: UInt64) throws -> DeviceData {
        var ratings: [Rating] = []
        for record in records where record.kind == "rating" {
            guard case .integer(let item)? = record.fields["movie_id"], let value = number(record.fields["rating"]),
                  case .string(let day)? = record.fields["timestamp"],
                  let date = try? Date(day + "T00:00:00Z", strategy: .iso8601) else {
                throw ProtocolError(.malformed, "a stored rating record lacks movie_id, rating or timestamp")
            }
            ratings.append(Rating(user: user, item: Int(item), value: value, timestamp: Int64(date.timeIntervalSince1970)))
        }
        // A canonical order, so the holdout does not depend on storage order.
        ratings.sort { ($0.item, $0.timestamp) < ($1.item, $1.timestamp) }
        let split = try RatingSplit.perUser(ratings, seed: splitSeed)
        let features = try MovieLensUserFeatures.features(of: ratings, genres: genres, referenceTime: referenceTime)
        return DeviceData(features: [FeatureSet.movieLensUser.rawValue: [features]],
                          training: try LocalRatings(split.train, catalog: catalog),
                          test: try LocalRatings(split.test, catalog: catalog))
    }

    /// E-commerce: features of the device's cleaned shopper (RFM, sessions, category affinity).
    public static func commerce(user: CleanCommerceUser, referenceTime: Int64) -> DeviceData {
        DeviceData(features: [FeatureSet.commerce.rawValue: [CommerceFeatures.features(of: user, referenceTime: referenceTime)]])
    }

    private static func number(_ value: JSONValue?) -> Double? {
        switch value {
        case .integer(let number)?: Double(number)
        case .number(let number)?: number
        default: nil
        }
    }
}
