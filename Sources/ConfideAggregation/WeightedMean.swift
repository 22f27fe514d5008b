/// Weighted averaging through a sum: each device sends its values multiplied by its
/// weight (for example its example count), followed by the weight itself, and the mean
/// is the summed values over the summed weight.
///
/// The weight is one more coordinate of the vector, so it is clipped, noised and masked
/// like the rest: the coordinator learns only the total weight, with DP noise.
public enum WeightedMean {
    /// `values · weight` followed by `weight`.
    public static func pack(_ values: [Double], weight: Double) -> [Double] {
        values.map { $0 * weight } + [weight]
    }

    /// The weighted mean and total weight from a sum of packed vectors, or `nil` when the
    /// total weight is not positive (no examples contributed).
    public static func unpack(sum: [Double]) -> (mean: [Double], totalWeight: Double)? {
        guard let total = sum.last, total > 0 else { return nil }
        return (sum.dropLast().map { $0 / total }, total)
    }
}
