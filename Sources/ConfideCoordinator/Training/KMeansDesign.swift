/// How a differentially private K-Means job spends its rounds and its noise. The defaults
/// are what the coordinator runs; `confide-client-sim rehearse --design` overrides them to
/// measure alternatives (docs/ml.md, "Private segments", has the figures behind each).
/// None of it applies without noise.
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
    /// point's sum block (clamp·√d). Default 0.2: a centroid's error comes mostly from the
    /// noise on its sum, and a count of weight 1 took half the sensitivity² (and so half the
    /// noise budget) to be known far more precisely than the sum needed.
    public var lloydCountWeight = 0.2
    /// What a count weighs in a sketch round's update, relative to clamp·√d. Default 0.2.
    public var sketchCountWeight = 0.2
    /// Whether the starting centroids are fitted by weighted K-Means (10 restarts) on the
    /// sketch summary rather than drawn by k-means++ alone: free, since the summary is
    /// released already. Default true.
    public var refineOnSketch = true
    /// A Lloyd round moves each centroid towards its noisy mean by the Bayes factor of
    /// `KMeansMerge`'s shrinkage with this prior spread per coordinate (in standard
    /// deviations of the features); 0 moves it all the way. Default 0.5.
    public var lloydSpread = 0.5
    /// The same for sketch cells, which hold fewer devices and whose noisy means otherwise
    /// land outside the data and drag a starting centroid with them. Default 0.3.
    public var sketchSpread = 0.3
    /// Whether the last Lloyd round's centroids are adopted (true) or the round only
    /// measures the previous ones (false, as without noise): a noisy inertia is not worth a
    /// round's budget. Default true.
    public var adoptLastRound = true
    /// Whether, under noise, an empty cluster is re-seeded at the sketch summary's point
    /// furthest from the other centroids (weighted by its count, as k-means++ picks) rather
    /// than by splitting the cluster with the largest squared error, which noise makes a
    /// random pick. Default false.
    public var reseedFromSketch = false
    /// Under noise, sketch cells whose mean would carry more noise per coordinate than
    /// this (in standard deviations of the feature) are left out of the summary; 0 keeps
    /// the count-noise rule alone. Default 0.
    public var cellCoordinateNoise = 0.0
    /// Each Lloyd round after the first keeps this share of the previous centroids: an
    /// exponential average over rounds, so the noise of successive rounds partly cancels
    /// while the centroids settle. Default 0.5 (with 4 Lloyd rounds it beat one round).
    public var momentum = 0.5
    /// Under noise, an empty cluster or cell is re-seeded by splitting the one with the most
    /// devices (counts survive noise, squared errors do not) into two this far apart, in
    /// standard deviations of the features; nil splits the one with the largest squared
    /// error by its noisy radius (under noise that radius can be many times the data's, and
    /// both halves end up where no device is). Default 1.
    public var splitRadius: Double? = 1
    /// Counts below this many standard deviations of their noise are read as empty clusters
    /// (and cells below it are left out of the summary). Default 3.
    public var emptyBelowNoise = 3.0

    /// The coordinator's design.
    public init() {}

    /// Applies `name=value` overrides separated by commas (field names as above; `none`
    /// clears `splitRadius`), for measurements. Throws a ``ConfigurationError`` naming an unknown field or a bad value.
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
            case "lloydSpread": lloydSpread = try number()
            case "sketchSpread": sketchSpread = try number()
            case "adoptLastRound": adoptLastRound = try flag()
            case "reseedFromSketch": reseedFromSketch = try flag()
            case "cellCoordinateNoise": cellCoordinateNoise = try number()
            case "momentum": momentum = min(0.95, try number())
            case "splitRadius": splitRadius = value == "none" ? nil : try number()
            case "emptyBelowNoise": emptyBelowNoise = try number()
            default: throw ConfigurationError("no K-Means design field '\(name)'")
            }
        }
        guard noisyFeatureClamp > 0, lloydCountWeight > 0, sketchCountWeight > 0 else {
            throw ConfigurationError("the feature clamp and count weights must be positive")
        }
    }
}
