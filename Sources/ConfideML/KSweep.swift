/// A federated sweep over the number of segments: each device measures, for every candidate
/// centroid set (one per k), its squared distance to the nearest centroid and its simplified
/// silhouette (b − a)/max(a, b), a and b its distances to the nearest and second-nearest
/// centroid (Hawkins' simplification of the silhouette, which needs no other device's point).
/// The sums give each k's inertia and mean silhouette, which ``KSelection`` turns into a
/// recommendation.
///
/// Vector layout: `inertia[K]` (each squared distance times `errorScale`, so at most 1),
/// `silhouette[K]` (each in [0, 1]), then 1 (the device count). An honest vector's norm is
/// at most √(2K + 1).
public enum KSweep {
    /// The vector length for `candidates` centroid sets.
    public static func dimension(candidates: Int) -> Int { 2 * candidates + 1 }

    /// A device's contribution for its normalized `point` against each candidate set.
    public static func contribution(point: [Double], candidates: [Matrix], errorScale: Double) throws -> [Double] {
        guard !candidates.isEmpty, errorScale > 0, errorScale.isFinite else {
            throw MLError.invalid("a sweep needs candidates and a positive error scale")
        }
        var inertia: [Double] = [], silhouette: [Double] = []
        for centroids in candidates {
            guard centroids.columns == point.count, centroids.rows >= 2 else {
                throw MLError.dimension("a sweep candidate of \(centroids.rows)×\(centroids.columns) for a point of \(point.count) features")
            }
            var nearest = Double.infinity, second = Double.infinity
            for cluster in 0..<centroids.rows {
                var distance = 0.0
                for (column, value) in point.enumerated() {
                    let difference = value - centroids[cluster, column]
                    distance += difference * difference
                }
                if distance < nearest {
                    second = nearest
                    nearest = distance
                } else if distance < second {
                    second = distance
                }
            }
            inertia.append(min(1, nearest * errorScale))
            let a = nearest.squareRoot(), b = second.squareRoot()
            silhouette.append(b > 0 ? (b - a) / b : 0)
        }
        return inertia + silhouette + [1]
    }

    /// Each k's inertia and mean simplified silhouette from the cohort's `sum` of
    /// contributions for candidates of `ks` clusters.
    public static func entries(sum: [Double], ks: [Int], errorScale: Double) throws -> [KSelection.Entry] {
        guard sum.count == dimension(candidates: ks.count), errorScale > 0 else {
            throw MLError.dimension("a sweep over \(ks.count) candidates sums \(dimension(candidates: ks.count)) values, got \(sum.count)")
        }
        let devices = max(sum[2 * ks.count], 1)
        return ks.enumerated().map { index, k in
            KSelection.Entry(k: k, inertia: max(0, sum[index]) / errorScale,
                             silhouette: min(1, max(0, sum[ks.count + index] / devices)))
        }
    }
}
