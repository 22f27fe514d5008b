import ConfideClient
import ConfideML
import ConfideProtocol
import Foundation

/// Centralized models trained in the same run on the same data, to measure the federated
/// ones against. The simulator holds every simulated device's data, so it can; a real
/// deployment could not, which is the point of Confide.
enum Baselines {
    /// Federated against centralized K-Means, both scored on the same points.
    struct KMeansComparison: Codable, Sendable {
        /// Inertia of the federated centroids on all devices' normalized features.
        var federatedInertia: Double
        /// Inertia of centralized k-means++ (10 restarts) on the same points.
        var centralizedInertia: Double
        /// federated / centralized.
        var ratio: Double
        /// One segment holding everyone (the trivial model) / centralized.
        var singleClusterRatio: Double
        /// Points scored.
        var points: Int
    }

    /// Federated against centralized MF on the same per-device holdout.
    struct MFComparison: Codable, Sendable {
        /// RMSE of the published federated model (each device solving its own factors), exact.
        var federatedRMSE: Double
        /// MAE of the same.
        var federatedMAE: Double
        /// RMSE of centralized biased MF (SGD, 100 factors) trained on the union of the devices' training ratings.
        var centralizedRMSE: Double
        /// MAE of the same.
        var centralizedMAE: Double
        /// federated / centralized RMSE.
        var ratio: Double
        /// Held-out ratings scored.
        var ratings: Int
    }

    /// Scores the published K-Means model (`mean[d], deviation[d], centroids[k·d]`) and a
    /// centralized k-means++ on every device's features, normalized as the devices did.
    static func kmeans(_ devices: [DeviceData], features: FeatureSet, model: [Double], clusters: Int, clamp: Double,
                       seed: UInt64) throws -> KMeansComparison {
        let schema = try FeatureSchema(identifier: features.rawValue)
        let d = schema.count
        guard model.count == 2 * d + clusters * d else {
            throw SimulationError("the published K-Means model has \(model.count) values, expected \(2 * d + clusters * d)")
        }
        let mean = Array(model[0..<d]), deviation = Array(model[d..<2 * d])
        let rows = try devices.flatMap { try ($0.features[features.rawValue] ?? []).map(schema.bounded) }.map { row in
            (0..<d).map { min(clamp, max(-clamp, (row[$0] - mean[$0]) / max(deviation[$0], 1e-6))) }
        }
        let points = try Matrix(rowArrays: rows)
        let centroids = try Matrix(rows: clusters, columns: d, storage: Array(model[(2 * d)...]))
        let federated = inertia(points, centroids, try KMeans.assign(points, centroids: centroids))
        let central = try KMeans(KMeans.Configuration(k: clusters, restarts: 10, seed: seed)).fit(points)
        let centre = try Matrix(rows: 1, columns: d, storage: (0..<d).map { column in
            (0..<points.rows).reduce(0) { $0 + points[$1, column] } / Double(max(points.rows, 1))
        })
        let single = inertia(points, centre, Array(repeating: 0, count: points.rows))
        return KMeansComparison(federatedInertia: federated, centralizedInertia: central.inertia,
                                ratio: federated / central.inertia, singleClusterRatio: single / central.inertia, points: points.rows)
    }

    /// Scores the published MF model (`global mean, item factors and biases`) exactly on the
    /// devices' holdouts (each device solving itself with the model's λ), and a centralized SGD
    /// model trained on their training ratings.
    static func mf(_ devices: [DeviceData], model: [Double], items: Int, factors: Int, regularization: Double,
                   seed: UInt64) throws -> MFComparison {
        let layout = try FederatedMF(items: items, factors: factors, regularization: regularization)
        let itemModel = FederatedMF.ItemModel(globalMean: model[0], parameters: Array(model.dropFirst()))
        var sums = [0.0, 0.0, 0.0]
        var train: [Rating] = [], test: [Rating] = []
        for (user, device) in devices.enumerated() {
            guard let training = device.training, let held = device.test else { continue }
            if held.count > 0 {
                let evaluation = try layout.deviceEvaluation(model: itemModel, training: training, test: held)
                for index in 0..<3 { sums[index] += evaluation[index] }
            }
            train += zip(training.items, training.values).map { Rating(user: user, item: Int($0), value: $1, timestamp: 0) }
            test += zip(held.items, held.values).map { Rating(user: user, item: Int($0), value: $1, timestamp: 0) }
        }
        let federated = try RatingMetrics(sumOfSquaredErrors: sums[0], sumOfAbsoluteErrors: sums[1], count: sums[2])
        let users = IDIndex(distinct: 0..<devices.count), catalogue = IDIndex(distinct: 0..<items)
        let central = try SGDTrainer(SGDTrainer.Configuration(seed: seed)).fit(try RatingTable(train, users: users, items: catalogue))
        let centralMetrics = try RatingMetrics(model: central, test: try RatingTable(test, users: users, items: catalogue))
        return MFComparison(federatedRMSE: federated.rmse, federatedMAE: federated.mae, centralizedRMSE: centralMetrics.rmse,
                            centralizedMAE: centralMetrics.mae, ratio: federated.rmse / centralMetrics.rmse, ratings: test.count)
    }

    /// ``kmeans(_:features:model:clusters:clamp:seed:)`` with the feature clamp the published
    /// model's metadata states (3 if it states none).
    static func kmeans(_ devices: [DeviceData], features: FeatureSet, model: [Double], metadata: [String: String], clusters: Int,
                       seed: UInt64) throws -> KMeansComparison {
        try kmeans(devices, features: features, model: model, clusters: clusters,
                   clamp: metadata["feature_clamp"].flatMap(Double.init) ?? 3, seed: seed)
    }

    /// ``mf(_:model:items:factors:regularization:seed:)`` with the factors and regularization
    /// the published model's metadata states (else `factors` and 0.1).
    static func mf(_ devices: [DeviceData], model: [Double], metadata: [String: String], items: Int, factors: Int,
                   seed: UInt64) throws -> MFComparison {
        try mf(devices, model: model, items: items, factors: metadata["factors"].flatMap(Int.init) ?? factors,
               regularization: metadata["regularization"].flatMap(Double.init) ?? 0.1, seed: seed)
    }

    private static func inertia(_ points: Matrix, _ centroids: Matrix, _ labels: [Int]) -> Double {
        var total = 0.0
        for row in 0..<points.rows {
            for column in 0..<points.columns {
                let difference = points[row, column] - centroids[labels[row], column]
                total += difference * difference
            }
        }
        return total
    }
}
