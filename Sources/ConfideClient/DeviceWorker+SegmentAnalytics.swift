import ConfideML
import ConfideProtocol

extension DeviceWorker {
    /// The most segments a work order may name (the coordinator allows 2 to 64 clusters).
    private static let segmentLimit = StartJobRequest.clusterRange.upperBound
    /// Feature clamps a device accepts, in standard deviations.
    private static let clampRange: ClosedRange<Double> = .ulpOfOne...100
    /// The device's part of a sweep over k: for each candidate centroid set, its scaled
    /// squared distance to the nearest centroid and its simplified silhouette, then a count
    /// (`KSweep`), summed over the device's feature rows.
    ///
    /// `parameters`: the statistics round's `mean[d]` and `deviation[d]`, then every
    /// candidate's centroids (`candidates[i]·d` values each, normalized units) in order.
    static func kmeansSweep(_ work: RoundWork, parameters: [Double], data: DeviceData) throws -> [Double] {
        guard let candidates = work.candidates, (1...segmentLimit).contains(candidates.count),
              candidates.allSatisfy({ (2...segmentLimit).contains($0) }), let features = work.features,
              let clamp = work.featureClamp, clampRange.contains(clamp), let errorScale = work.errorScale, errorScale > 0, errorScale <= 1 else {
            throw ProtocolError(.malformed, "a sweep work order needs 1 to \(segmentLimit) candidates of 2 to \(segmentLimit) clusters, features, a feature clamp in (0, 100] and an error scale in (0, 1]")
        }
        let schema = try FeatureSchema(identifier: features.rawValue)
        let d = schema.count
        guard parameters.count == 2 * d + candidates.reduce(0, +) * d else {
            throw ProtocolError(.malformed, "sweep parameters have \(parameters.count) values, expected \(2 * d + candidates.reduce(0, +) * d)")
        }
        var sets: [Matrix] = []
        var offset = 2 * d
        for k in candidates {
            sets.append(try Matrix(rows: k, columns: d, storage: Array(parameters[offset..<offset + k * d])))
            offset += k * d
        }
        let model = try SegmentModel(schema: schema, parameters: Array(parameters[0..<2 * d]) + sets[0].storage,
                                     clusters: candidates[0], featureClamp: clamp)
        var vector = [Double](repeating: 0, count: KSweep.dimension(candidates: candidates.count))
        for row in data.features[features.rawValue] ?? [] {
            let contribution = try KSweep.contribution(point: try model.normalized(row), candidates: sets, errorScale: errorScale)
            for index in vector.indices { vector[index] += contribution[index] }
        }
        return vector
    }

    /// The device's place in a segmentation change: a 1 at `earlier · k + later`, its segment
    /// under the earlier K-Means model and under the later one (each placed exactly as
    /// `Device.segment()` places it), so the sum counts devices by their pair of segments.
    /// A device without features sends zeros.
    ///
    /// `parameters`: the earlier model's published parameters, then the later one's.
    static func segmentTransition(_ work: RoundWork, parameters: [Double], data: DeviceData) throws -> [Double] {
        guard let features = work.features, let k = work.clusters, let clamp = work.featureClamp,
              let earlierK = work.previousClusters, let earlierClamp = work.previousFeatureClamp,
              (1...segmentLimit).contains(k), (1...segmentLimit).contains(earlierK), clampRange.contains(clamp), clampRange.contains(earlierClamp) else {
            throw ProtocolError(.malformed, "a segment-transition work order needs features, 1 to \(segmentLimit) clusters and previousClusters, and feature clamps in (0, 100]")
        }
        let schema = try FeatureSchema(identifier: features.rawValue)
        let d = schema.count, earlierCount = (2 + earlierK) * d
        guard work.vectorLength == earlierK * k, parameters.count == earlierCount + (2 + k) * d else {
            throw ProtocolError(.malformed, "a transition between \(earlierK) and \(k) segments has \(earlierK * k) values and \((4 + earlierK + k) * d) parameters")
        }
        let earlier = try SegmentModel(schema: schema, parameters: Array(parameters[0..<earlierCount]), clusters: earlierK,
                                       featureClamp: earlierClamp)
        let later = try SegmentModel(schema: schema, parameters: Array(parameters[earlierCount...]), clusters: k, featureClamp: clamp)
        var vector = [Double](repeating: 0, count: work.vectorLength)
        if let row = data.features[features.rawValue]?.first {
            vector[try earlier.assign(row).segment * k + later.assign(row).segment] = 1
        }
        return vector
    }
}
