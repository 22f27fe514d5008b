import ConfideML
import ConfideProtocol

/// Computes a device's update for a round's work order from the device's own data.
///
/// This is the only place raw user data turns into something that leaves the device, and
/// what leaves is the vector returned here, before clipping, noise, quantization and masking.
public enum DeviceWorker {
    /// The update vector for `work` against the coordinator's `parameters`.
    public static func update(for work: RoundWork, parameters: [Double], data: DeviceData) throws -> [Double] {
        let vector: [Double]
        switch work.kind {
        case .featureStatistics:
            let (_, points) = try boundedFeatures(work, data)
            vector = FeatureStatistics(points).vector
        case .kmeansStep:
            vector = try kmeansUpdate(work, parameters: parameters, data: data)
        case .ratingMean:
            // The device's own mean, weighted 1: every device has the same small sensitivity.
            let contribution = FederatedMF.meanContribution(try capped(data.training, work.ratingCap))
            vector = contribution[1] > 0 ? [contribution[0] / contribution[1], 1] : [0, 0]
        case .mfGradient:
            let (layout, model) = try mfModel(work, parameters)
            vector = try layout.deviceGradient(model: model, ratings: capped(data.training, work.ratingCap))
        case .alsContribution:
            vector = try alsContribution(work, parameters: parameters, data: data)
        case .itemHistogram:
            vector = try itemHistogram(work, parameters: parameters, data: data)
        case .kmeansSweep:
            vector = try kmeansSweep(work, parameters: parameters, data: data)
        case .segmentTransition:
            vector = try segmentTransition(work, parameters: parameters, data: data)
        case .mfEvaluation:
            let (layout, model) = try mfModel(work, parameters)
            let test = try capped(data.test, work.ratingCap)
            vector = test.count == 0 ? [0, 0, 0]
                : try layout.deviceEvaluation(model: model, training: capped(data.training, nil), test: test)
        }
        guard vector.count == work.vectorLength else {
            throw ProtocolError(.unprocessable, "the update has \(vector.count) values, the work order asks for \(work.vectorLength)")
        }
        return vector
    }

    private static func boundedFeatures(_ work: RoundWork, _ data: DeviceData) throws -> (FeatureSchema, Matrix) {
        guard let set = work.features else { throw ProtocolError(.malformed, "the work order names no feature set") }
        let schema = try FeatureSchema(identifier: set.rawValue)
        let rows = try (data.features[set.rawValue] ?? []).map(schema.bounded)
        return (schema, rows.isEmpty ? Matrix(rows: 0, columns: schema.count) : try Matrix(rowArrays: rows))
    }

    private static func kmeansUpdate(_ work: RoundWork, parameters: [Double], data: DeviceData) throws -> [Double] {
        guard let k = work.clusters, let sets = work.sets, let clamp = work.featureClamp, let errorScale = work.errorScale,
              let countScale = work.countScale else {
            throw ProtocolError(.malformed, "a K-Means work order needs clusters, sets, featureClamp, errorScale and countScale")
        }
        let (schema, points) = try boundedFeatures(work, data)
        let d = schema.count
        guard parameters.count == 2 * d + sets * k * d else {
            throw ProtocolError(.malformed, "K-Means parameters have \(parameters.count) values, expected \(2 * d + sets * k * d)")
        }
        let mean = Array(parameters[0..<d]), deviation = Array(parameters[d..<2 * d])
        var normalized = points
        for row in 0..<points.rows {
            for column in 0..<d {
                let z = (points[row, column] - mean[column]) / max(deviation[column], 1e-6)
                normalized[row, column] = min(clamp, max(-clamp, z))
            }
        }
        let step = try KMeansStep(k: k, d: d, sets: sets)
        let centroids = try Matrix(rows: sets * k, columns: d, storage: Array(parameters[(2 * d)...]))
        var update = try step.deviceUpdate(centroids: centroids, points: normalized)
        for set in 0..<sets {
            for cluster in 0..<k {
                update[step.squaredErrorIndex(cluster, set: set)] *= errorScale
                update[step.countIndex(cluster, set: set)] *= countScale
            }
        }
        return update
    }

    private static func mfModel(_ work: RoundWork, _ parameters: [Double]) throws -> (FederatedMF, FederatedMF.ItemModel) {
        guard let items = work.items, let factors = work.factors, let regularization = work.regularization else {
            throw ProtocolError(.malformed, "an MF work order needs items, factors and regularization")
        }
        let layout = try FederatedMF(items: items, factors: factors, regularization: regularization)
        guard parameters.count == 1 + layout.dimension else {
            throw ProtocolError(.malformed, "MF parameters have \(parameters.count) values, expected \(1 + layout.dimension)")
        }
        return (layout, FederatedMF.ItemModel(globalMean: parameters[0], parameters: Array(parameters.dropFirst())))
    }

    /// The first `cap` ratings (all when `cap` is nil), or none.
    private static func capped(_ ratings: LocalRatings?, _ cap: Int?) throws -> LocalRatings {
        guard let ratings else { return try LocalRatings(items: [], values: [], itemCount: 1) }
        guard let cap, ratings.count > cap else { return ratings }
        return try LocalRatings(items: Array(ratings.items.prefix(cap)), values: Array(ratings.values.prefix(cap)),
                                itemCount: Int(ratings.items.max() ?? 0) + 1)
    }
}
