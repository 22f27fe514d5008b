/// How a person would say that a segment sits above or below the population on a feature.
///
/// The phrases are fixed per schema so descriptions read the same on every device and in
/// every summary; an unknown feature falls back to "high …" / "low …" with its name.
public enum FeatureWords {
    /// The phrase for `feature` when a segment is above the mean (`above`) or below it.
    public static func phrase(_ feature: String, above: Bool) -> String {
        if let pair = fixed[feature] { return above ? pair.0 : pair.1 }
        for (prefix, noun) in [("genre_", ""), ("affinity_", "")] where feature.hasPrefix(prefix) {
            let name = noun + feature.dropFirst(prefix.count)
            return above ? "more \(name)" : "less \(name)"
        }
        let name = feature.replacingOccurrences(of: "_", with: " ")
        return above ? "high \(name)" : "low \(name)"
    }

    private static let fixed: [String: (String, String)] = [
        // MovieLens (movielens-user-v1)
        "rating_count": ("rates many films", "rates few films"),
        "rating_mean": ("rates generously", "rates harshly"),
        "rating_std": ("varied ratings", "steady ratings"),
        "active_span_days": ("active over a long span", "active over a short span"),
        "recency_days": ("inactive lately", "active recently"),
        // E-commerce (commerce-v1); its recency is also named recency_days, and reads the same way.
        "frequency": ("buys often", "buys rarely"),
        "monetary": ("spends a lot", "spends little"),
        "sessions": ("visits often", "visits rarely"),
        "mean_session_minutes": ("long sessions", "short sessions"),
    ]
}
