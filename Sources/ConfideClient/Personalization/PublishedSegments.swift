import ConfideML
import ConfideProtocol
import Foundation

/// A signed K-Means model document read into what personalization needs: the segment model,
/// the segment tree the coordinator published with it (if any), and each node's description.
///
/// Metadata keys read (all written by the coordinator's K-Means job): `features`, `clusters`,
/// `feature_clamp` (3 when absent, the noise-free default), and optionally `segment_sizes`
/// (comma-separated) and `segment_tree` (a ``WardTree`` as JSON). Older documents without
/// the last two still work: the device then builds the tree itself from unit weights.
public struct PublishedSegments: Sendable, Equatable {
    /// The model's version.
    public let version: Int64
    /// Normalization and centroids.
    public let model: SegmentModel
    /// Nested segments (Ward, weighted by the published sizes).
    public let tree: WardTree
    /// What sets each tree node apart: segments `0..<k`, then the tree's internal nodes.
    public let descriptions: [SegmentDescription]
    /// Each tree node's weight (a segment's size, or the sum of its leaves' sizes).
    public let weights: [Double]

    /// Reads a verified `kmeans` model document.
    public init(_ document: ModelDocument) throws(PersonalizationError) {
        let metadata = document.header.metadata
        guard document.header.task == "kmeans", let features = metadata["features"],
              let clusters = metadata["clusters"].flatMap(Int.init) else {
            throw PersonalizationError(.malformedModel, "not a K-Means model document (task \(document.header.task))")
        }
        if let schema = try? FeatureSchema(identifier: features), document.parameters.count == 2 * schema.count {
            // Published between the statistics round and the first Lloyd round: statistics, no centroids yet.
            throw PersonalizationError(.noModel, "the K-Means job has not chosen its centroids yet")
        }
        do {
            let sizes = try metadata["segment_sizes"].map { text in
                try text.split(separator: ",").map { part in
                    guard let size = Double(part) else { throw PersonalizationError(.malformedModel, "segment size '\(part)' is not a number") }
                    return size
                }
            }
            let model = try SegmentModel(schema: FeatureSchema(identifier: features), parameters: document.parameters, clusters: clusters,
                                         featureClamp: metadata["feature_clamp"].flatMap(Double.init) ?? 3, sizes: sizes)
            let tree = try metadata["segment_tree"].map { try JSONDecoder().decode(WardTree.self, from: Data($0.utf8)) }
                ?? WardTree(centroids: model.centroids, weights: model.weights)
            guard tree.leaves == clusters else {
                throw PersonalizationError(.malformedModel, "the segment tree has \(tree.leaves) leaves for \(clusters) segments")
            }
            let centres = try tree.centres(centroids: model.centroids, weights: model.weights)
            descriptions = try centres.map { try SegmentDescription(centroid: $0, schema: model.schema) }
            weights = model.weights + tree.merges.map(\.weight)
            self.model = model
            self.tree = tree
        } catch let error as PersonalizationError {
            throw error
        } catch {
            throw PersonalizationError(.malformedModel, "the K-Means model document is inconsistent: \(error)")
        }
        version = document.header.version
    }

    /// The tree nodes from the root down to `segment`, each with its weight and short label.
    public func place(of segment: Int) -> [SegmentNode] {
        tree.path(to: segment).map { SegmentNode(node: $0, weight: weights[$0], label: descriptions[$0].label) }
    }
}

/// A node of the segment tree as shown to people.
public struct SegmentNode: Sendable, Equatable, Codable {
    /// The node number (segments are `0..<k`, merges follow).
    public var node: Int
    /// Its weight: the (noised) number of devices under it.
    public var weight: Double
    /// What sets it apart, briefly.
    public var label: String
}
