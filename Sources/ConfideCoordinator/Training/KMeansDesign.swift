/// How a differentially private K-Means job spends its rounds and its noise. The defaults
/// are what the coordinator runs; `confide-client-sim rehearse --design` overrides them to
/// measure alternatives (docs/ml.md has the figures behind each default).
public struct KMeansDesign: Sendable, Equatable {
    /// Candidate centroid sets followed at once under noise. Default 1: every set adds its
    /// own block to the update, so k sets multiply the sensitivity, and the noise, by √k.
    public var noisySets = 1
    /// Normalized features are clamped to ± this many standard deviations under noise.
    /// Default 2 (3 without noise).
    public var noisyFeatureClamp = 2.0
    /// Sketch cells per cluster under noise. Default 4.
    public var sketchCellsPerCluster = 4
    /// Sketch rounds under noise. Default 3.
    public var sketchRounds = 3
    /// What a count weighs in a Lloyd round's update, relative to the largest norm of a
    /// point's sum block (clamp·√d). Default 1.
    public var lloydCountWeight = 1.0
    /// What a count weighs in a sketch round's update, relative to clamp·√d. Default 1.
    public var sketchCountWeight = 1.0
    /// Whether the starting centroids are refined by weighted K-Means on the sketch summary
    /// (free: post-processing of released sums) rather than drawn by k-means++ alone. Default false.
    public var refineOnSketch = false
    /// Whether a noisy centroid is shrunk towards the previous one by as many pseudo-points
    /// as the standard deviation of the noise on a count. Default false.
    public var shrink = false
    /// Whether, under noise, the last Lloyd round's centroids are adopted (true) or the round
    /// only measures the previous ones (false, as without noise). Default false.
    public var adoptLastRound = false
    /// Counts below this many standard deviations of their noise are read as empty clusters
    /// (and cells below it are left out of the summary). Default 3.
    public var emptyBelowNoise = 3.0

    /// The coordinator's design.
    public init() {}

    /// Applies `name=value` overrides separated by commas (field names as above), for
    /// measurements. Throws a ``ConfigurationError`` naming an unknown field or a bad value.
    public mutating func apply(_ overrides: String) throws {
        for pair in overrides.split(separator: ",") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ConfigurationError("a design override is name=value, got '\(pair)'") }
            let (name, value) = (parts[0], parts[1])
            func number() throws -> Double {
                guard let number = Double(value), number.isFinite, number >= 0 else {
                    throw ConfigurationError("\(name) needs a non-negative number, got '\(value)'")
                }
                return number
            }
            func flag() throws -> Bool {
                guard let flag = Bool(value) else { throw ConfigurationError("\(name) is true or false, got '\(value)'") }
                return flag
            }
            switch name {
            case "noisySets": noisySets = max(1, Int(try number()))
            case "noisyFeatureClamp": noisyFeatureClamp = try number()
            case "sketchCellsPerCluster": sketchCellsPerCluster = max(1, Int(try number()))
            case "sketchRounds": sketchRounds = max(1, Int(try number()))
            case "lloydCountWeight": lloydCountWeight = try number()
            case "sketchCountWeight": sketchCountWeight = try number()
            case "refineOnSketch": refineOnSketch = try flag()
            case "shrink": shrink = try flag()
            case "adoptLastRound": adoptLastRound = try flag()
            case "emptyBelowNoise": emptyBelowNoise = try number()
            default: throw ConfigurationError("no K-Means design field '\(name)'")
            }
        }
        guard noisyFeatureClamp > 0, lloydCountWeight > 0, sketchCountWeight > 0 else {
            throw ConfigurationError("the feature clamp and count weights must be positive")
        }
    }
}
