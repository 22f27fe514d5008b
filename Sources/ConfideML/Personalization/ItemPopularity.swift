/// How often each catalogue item was rated, overall and within each segment: what a device
/// falls back on when it knows too little about its user for collaborative filtering.
///
/// The counts may be noised (a DP histogram), so a count at or below zero means "not
/// popular" and nothing more.
public struct ItemPopularity: Sendable, Equatable {
    /// Count per dense item index, over everyone.
    public let overall: [Double]
    /// Count per dense item index within each segment (`bySegment[s][i]`), or empty.
    public let bySegment: [[Double]]

    /// Popularity over `items` items; every segment's counts must cover the same catalogue.
    public init(overall: [Double], bySegment: [[Double]] = []) throws {
        guard !overall.isEmpty, bySegment.allSatisfy({ $0.count == overall.count }) else {
            throw MLError.dimension("popularity counts must cover the same non-empty catalogue overall and per segment")
        }
        guard (overall + bySegment.joined()).allSatisfy(\.isFinite) else {
            throw MLError.invalid("popularity counts must be finite")
        }
        self.overall = overall
        self.bySegment = bySegment
    }

    /// Counts ratings per item overall and, when `segments` gives each user's segment (one
    /// entry per element of `users`), per segment.
    public init(users: [LocalRatings], items: Int, segments: [Int]? = nil, clusters: Int = 0) throws {
        guard items >= 1 else { throw MLError.invalid("a catalogue needs at least one item") }
        if let segments, segments.count != users.count || segments.contains(where: { $0 < 0 || $0 >= clusters }) {
            throw MLError.dimension("every user needs a segment in 0..<\(clusters)")
        }
        var overall = [Double](repeating: 0, count: items)
        var bySegment = [[Double]](repeating: [Double](repeating: 0, count: items), count: segments == nil ? 0 : clusters)
        for (index, user) in users.enumerated() {
            for item in user.items where Int(item) < items {
                overall[Int(item)] += 1
                if let segments { bySegment[segments[index]][Int(item)] += 1 }
            }
        }
        try self.init(overall: overall, bySegment: bySegment)
    }

    /// Number of items in the catalogue.
    public var items: Int { overall.count }

    /// The counts of `segment`, or `nil` when there are none for it.
    public func counts(segment: Int?) -> [Double]? {
        guard let segment, bySegment.indices.contains(segment) else { return nil }
        return bySegment[segment]
    }
}
