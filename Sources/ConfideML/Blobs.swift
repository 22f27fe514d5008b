/// Isotropic Gaussian blobs, like scikit-learn's `make_blobs`: centres drawn uniformly in a
/// box, points around them with a common standard deviation. Labels are the ground truth.
public struct Blobs: Sendable {
    /// The points, one per row.
    public let points: Matrix
    /// The centre each point was drawn around.
    public let labels: [Int]
    /// The centres, one per row.
    public let centres: Matrix

    /// `count` points in `dimension` dimensions around `centreCount` centres drawn uniformly in
    /// [-box, box] (default 10, as scikit-learn), with standard deviation `spread`, seeded.
    public init(count: Int, dimension: Int, centreCount: Int, spread: Double = 1.5, box: Double = 10, seed: UInt64) throws {
        guard count >= 1, dimension >= 1, centreCount >= 1, spread >= 0, box > 0 else {
            throw MLError.invalid("blobs need positive count, dimension, centres and box, and a non-negative spread")
        }
        var generator = SeededGenerator(seed: seed)
        var centres = Matrix(rows: centreCount, columns: dimension)
        for index in centres.storage.indices { centres.storage[index] = (generator.nextUnit() * 2 - 1) * box }
        var points = Matrix(rows: count, columns: dimension)
        var labels = [Int](repeating: 0, count: count)
        for i in 0..<count {
            let centre = i % centreCount
            labels[i] = centre
            for c in 0..<dimension {
                points.storage[i * dimension + c] = centres.storage[centre * dimension + c] + spread * generator.nextGaussian()
            }
        }
        self.points = points
        self.labels = labels
        self.centres = centres
    }
}
