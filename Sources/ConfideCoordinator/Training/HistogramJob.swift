import ConfideML
import ConfidePolicy
import ConfideProtocol

/// Item popularity as federated analytics: one round in which every device sends a 0/1
/// vector of the items it rated, once in an overall block and once in the block of its
/// segment, through secure aggregation with DP noise; the sum is a noised histogram of how
/// many devices rated each item, overall and per segment. Devices use it for their cold-start
/// and hybrid recommendations.
///
/// The segments are those of the K-Means model given at start (sent to devices as the
/// round's parameters, so each places itself exactly as `Device.segment()` does); without
/// one there is only the overall block.
struct HistogramJob: TrainingJob {
    let items: Int
    let segments: StoredSegments?
    /// Each device counts at most this many of its ratings (its best-rated first), so its
    /// vector's norm is at most √(2 · ratingCap) and the noise on a count stays well below
    /// the counts of the films worth recommending.
    let ratingCap = 100
    private var counts: [Double]?

    var task: TrainingTask { .histogram }
    var plannedRounds: Int { 1 }
    private var blocks: Int { 1 + (segments?.clusters ?? 0) }

    init(items: Int, segments: StoredSegments?) throws {
        guard items >= 1 else { throw ConfigurationError("a histogram needs at least one item") }
        self.items = items
        self.segments = segments
    }

    mutating func nextRound() throws -> PlannedRound? {
        guard counts == nil else { return nil }
        let work = RoundWork(kind: .itemHistogram, vectorLength: blocks * items, features: segments?.features,
                             clusters: segments?.clusters, items: items, featureClamp: segments?.featureClamp, ratingCap: ratingCap)
        return PlannedRound(task: .histogram, work: work, parameters: segments?.parameters ?? [],
                            sensitivity: (Double(min(blocks, 2) * ratingCap)).squareRoot())
    }

    mutating func absorb(sum: [Double]) throws -> AbsorbedRound {
        guard counts == nil else { throw ConfigurationError("the histogram job is finished") }
        counts = sum
        let overall = sum.prefix(items)
        return AbsorbedRound(metric: overall.reduce(0, +), metricName: "ratings_counted")
    }

    func results() -> [String: String] {
        var results = ["items": String(items), "segments": String(segments?.clusters ?? 0)]
        if let counts { results["ratings_counted"] = String(counts.prefix(items).reduce(0, +).rounded()) }
        if let segments { results["kmeans_version"] = String(segments.version) }
        return results
    }

    func publishedModel() -> (parameters: [Double], metadata: [String: String]) {
        guard let counts else { return ([], [:]) }
        var metadata = ["items": String(items), "clusters": String(segments?.clusters ?? 0),
                        "layout": "counts[items] overall, then counts[items] per segment (noised)"]
        if let segments { metadata["kmeans_version"] = String(segments.version) }
        return (counts, metadata)
    }
}
