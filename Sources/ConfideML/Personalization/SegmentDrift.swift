/// How a segmentation moved between two model versions: which segment of the later model
/// each segment of the earlier one became, how far its centroid moved, and (from a federated
/// count of devices by their segment under both models) the share of devices whose segment
/// changed.
///
/// Segments are matched by their centroids alone (a minimum-cost assignment of squared
/// distances), because K-Means numbers its clusters arbitrarily: a retrained model's
/// segment 0 need not be the earlier segment 0. Distances are measured in the later model's
/// units: both centroids are taken back to the schema's bounded [0, 1] features with their
/// own model's statistics, then divided by the later model's standard deviations.
public struct SegmentDrift: Sendable, Equatable {
    /// For each earlier segment, the later segment it is matched to (`nil` when the later
    /// model has fewer segments and this one was left over).
    public let matching: [Int?]
    /// For each earlier segment, how far its centroid moved to its match, in the later
    /// model's standard deviations (`nil` when unmatched).
    public let movement: [Double?]
    /// Devices by segment, `transitions[i · laterK + j]` counting those in earlier segment i
    /// and later segment j (noised under DP), if they were counted.
    public let transitions: [Double]?
    /// Number of later segments.
    public let laterK: Int

    /// Mean movement over the matched segments, weighted by the earlier model's segment weights.
    public let meanMovement: Double

    /// Matches `earlier` to `later` (same schema) and reads `transitions`, if given, as
    /// earlier.k × later.k counts.
    public init(from earlier: SegmentModel, to later: SegmentModel, transitions: [Double]? = nil) throws {
        guard earlier.schema == later.schema else {
            throw MLError.invalid("segment drift compares models of one feature schema, got \(earlier.schema.identifier) and \(later.schema.identifier)")
        }
        if let transitions {
            guard transitions.count == earlier.k * later.k, transitions.allSatisfy(\.isFinite) else {
                throw MLError.dimension("\(transitions.count) transition counts for \(earlier.k) × \(later.k) segments")
            }
        }
        let a = Self.bounded(earlier), b = Self.bounded(later)
        let scale = later.deviation.map { 1 / max($0, 1e-6) }
        let distances = a.map { from in
            b.map { to in zip(zip(from, to), scale).reduce(0.0) { $0 + (($1.0.0 - $1.0.1) * $1.1) * (($1.0.0 - $1.0.1) * $1.1) } }
        }
        matching = try OptimalAssignment.minimumCost(distances)
        movement = matching.enumerated().map { index, match in match.map { distances[index][$0].squareRoot() } }
        self.transitions = transitions
        laterK = later.k
        let weights = earlier.weights
        var total = 0.0, weight = 0.0
        for (index, moved) in movement.enumerated() {
            guard let moved else { continue }
            total += weights[index] * moved
            weight += weights[index]
        }
        meanMovement = weight > 0 ? total / weight : 0
    }

    /// Devices counted (the transitions' total, negative noised counts read as 0).
    public var devicesCounted: Double? {
        transitions.map { $0.reduce(0) { $0 + max(0, $1) } }
    }

    /// The share of counted devices whose later segment is not the match of their earlier
    /// one, in [0, 1]; `nil` without transitions or when none were counted.
    public var shareChanged: Double? {
        guard let transitions, let counted = devicesCounted, counted > 0 else { return nil }
        var stayed = 0.0
        for (index, match) in matching.enumerated() {
            if let match { stayed += max(0, transitions[index * laterK + match]) }
        }
        return min(1, max(0, 1 - stayed / counted))
    }

    /// Centroids back in the schema's bounded units.
    private static func bounded(_ model: SegmentModel) -> [[Double]] {
        (0..<model.k).map { cluster in
            model.centroids.row(cluster).enumerated().map { model.mean[$0.offset] + $0.element * model.deviation[$0.offset] }
        }
    }
}
