import ConfideML
import ConfideProtocol

/// A signed `histogram` model document read into item popularity.
///
/// Metadata keys read: `items`, `clusters` (0 for an overall histogram only) and
/// `kmeans_version` (the K-Means model whose segments the per-segment blocks follow).
public struct PublishedPopularity: Sendable {
    /// The histogram's version.
    public let version: Int64
    /// Counts overall and per segment (noised).
    public let popularity: ItemPopularity
    /// The K-Means model version the segment blocks belong to, if any.
    public let kmeansVersion: Int64?

    /// Reads a verified `histogram` document.
    public init(_ document: ModelDocument) throws(PersonalizationError) {
        let metadata = document.header.metadata
        guard document.header.task == "histogram", let items = metadata["items"].flatMap(Int.init), items >= 1,
              let clusters = metadata["clusters"].flatMap(Int.init), clusters >= 0,
              document.parameters.count == (1 + clusters) * items else {
            throw PersonalizationError(.malformedModel, "not a histogram document of the shape its metadata announces")
        }
        let counts = document.parameters
        do {
            popularity = try ItemPopularity(overall: Array(counts[0..<items]),
                                            bySegment: (0..<clusters).map { Array(counts[($0 + 1) * items ..< ($0 + 2) * items]) })
        } catch {
            throw PersonalizationError(.malformedModel, "the histogram's counts are invalid: \(error)")
        }
        kmeansVersion = metadata["kmeans_version"].flatMap(Int64.init)
        version = document.header.version
    }
}
