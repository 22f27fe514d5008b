import Foundation

/// Features of a cleaned shopper: RFM (recency, frequency, monetary), session habits, and
/// category affinity (share of views and purchases per category).
public enum CommerceFeatures {
    /// Feature names, in vector order.
    public static let names = ["recency_days", "frequency", "monetary", "sessions", "mean_session_minutes"]
        + SyntheticCommerce.categories.map { "affinity_\($0)" }

    /// The features of `user` at `referenceTime` (seconds since 1970 UTC). Frequency and
    /// monetary are log1p-scaled (counts and sums of money are heavy-tailed). A user who never
    /// bought has recency equal to `windowDays`.
    public static func features(of user: CleanCommerceUser, referenceTime: Int64, windowDays: Double = 180) -> [Double] {
        var purchases = 0.0, spent = 0.0, sessions = 0.0, sessionSeconds = 0.0
        var lastPurchase: Int64?
        var affinity = [Double](repeating: 0, count: SyntheticCommerce.categories.count)
        let categoryIndex = Dictionary(uniqueKeysWithValues: SyntheticCommerce.categories.enumerated().map { ($1, $0) })
        for event in user.events {
            switch event.kind {
            case .session:
                sessions += 1
                sessionSeconds += event.sessionSeconds ?? 0
            case .purchase:
                purchases += 1
                spent += event.amount ?? 0
                lastPurchase = max(lastPurchase ?? .min, event.time)
            case .view:
                break
            }
            if let category = event.category, let index = categoryIndex[category] { affinity[index] += 1 }
        }
        let touches = affinity.reduce(0, +)
        let recency = lastPurchase.map { min(windowDays, Double(max(0, referenceTime - $0)) / 86_400) } ?? windowDays
        return [recency, log1p(purchases), log1p(spent), log1p(sessions),
                sessions > 0 ? sessionSeconds / sessions / 60 : 0]
            + affinity.map { touches > 0 ? $0 / touches : 0 }
    }
}
