import Foundation

/// What sets a segment (or a node of the segment tree) apart, in words: the features on
/// which its centroid lies furthest above and below the population mean.
///
/// Centroids are in normalized units, so a coordinate is already "standard deviations from
/// the population mean measured by the statistics round": +1.2 means 1.2σ above it.
public struct SegmentDescription: Sendable, Equatable, CustomStringConvertible {
    /// One distinguishing feature.
    public struct Trait: Sendable, Equatable {
        /// The feature's schema name.
        public var feature: String
        /// Distance from the population mean, in standard deviations (signed).
        public var deviations: Double
        /// The feature in words ("rates many films", "less Comedy").
        public var phrase: String
    }

    /// Features clearly above the mean, furthest first.
    public var above: [Trait]
    /// Features clearly below the mean, furthest first.
    public var below: [Trait]

    /// The description of `centroid` (normalized units, in `schema` order): at most `count`
    /// traits on each side, each at least `threshold` deviations from the mean (default 0.25,
    /// below which a difference is not worth saying).
    public init(centroid: [Double], schema: FeatureSchema, count: Int = 2, threshold: Double = 0.25) throws {
        guard centroid.count == schema.count else {
            throw MLError.dimension("a centroid of \(centroid.count) values for schema \(schema.identifier) of \(schema.count)")
        }
        let order = centroid.indices.sorted { abs(centroid[$0]) != abs(centroid[$1]) ? abs(centroid[$0]) > abs(centroid[$1]) : $0 < $1 }
        func traits(_ sign: Double) -> [Trait] {
            order.filter { centroid[$0] * sign >= threshold }.prefix(count).map {
                Trait(feature: schema.names[$0], deviations: centroid[$0], phrase: FeatureWords.phrase(schema.names[$0], above: sign > 0))
            }
        }
        above = traits(1)
        below = traits(-1)
    }

    /// A short name: the phrases only, most distinguishing first (e.g. "rates many films, less Comedy").
    public var label: String {
        let traits = (above + below).sorted { abs($0.deviations) > abs($1.deviations) }
        return traits.isEmpty ? "close to the average" : traits.prefix(2).map(\.phrase).joined(separator: ", ")
    }

    /// Every trait with its size, above then below:
    /// "rates many films (+1.9σ), more Drama (+1.2σ); less Comedy (-0.8σ)".
    public var description: String {
        func render(_ traits: [Trait]) -> String {
            traits.map { "\($0.phrase) (\(String(format: "%+.1f", $0.deviations))σ)" }.joined(separator: ", ")
        }
        let parts = [render(above), render(below)].filter { !$0.isEmpty }
        return parts.isEmpty ? "close to the average on every feature" : parts.joined(separator: "; ")
    }
}
