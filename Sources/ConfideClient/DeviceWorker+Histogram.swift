import ConfideML
import ConfideProtocol

extension DeviceWorker {
    /// The device's share of the item-popularity histogram: 1 for each item it rated (at most
    /// `ratingCap` of them, its best-rated first, ties by item), in the overall block and again
    /// in the block of its segment under the K-Means model sent as `parameters`.
    ///
    /// Only training ratings count, so an evaluation on the held-out part stays honest. A
    /// device that cannot place itself (no features) fills the overall block only.
    static func itemHistogram(_ work: RoundWork, parameters: [Double], data: DeviceData) throws -> [Double] {
        guard let items = work.items, let cap = work.ratingCap, items >= 1, cap >= 1 else {
            throw ProtocolError(.malformed, "a histogram work order needs items and ratingCap")
        }
        let clusters = work.clusters ?? 0
        guard work.vectorLength == (1 + clusters) * items else {
            throw ProtocolError(.malformed, "a histogram of \(items) items and \(clusters) segments has \((1 + clusters) * items) values")
        }
        var segment: Int?
        if clusters > 0 {
            guard let features = work.features, let clamp = work.featureClamp else {
                throw ProtocolError(.malformed, "a per-segment histogram needs features and featureClamp")
            }
            let model = try SegmentModel(schema: FeatureSchema(identifier: features.rawValue), parameters: parameters,
                                         clusters: clusters, featureClamp: clamp)
            segment = try data.features[features.rawValue]?.first.map { try model.assign($0).segment }
        }
        var vector = [Double](repeating: 0, count: work.vectorLength)
        guard let training = data.training else { return vector }
        let best = zip(training.items, training.values).sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        for item in Set(best.prefix(cap).map { Int($0.0) }) where item < items {
            vector[item] = 1
            if let segment { vector[(1 + segment) * items + item] = 1 }
        }
        return vector
    }
}
