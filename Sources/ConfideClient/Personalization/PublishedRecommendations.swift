import ConfideML
import ConfideProtocol

/// A signed MF model document read into the layout and item parameters a device ranks with.
///
/// Metadata keys read: `items`, `factors`, and `regularization` (0.1 when absent, the value
/// the coordinator's MF job has always used); parameters are the global mean, then per
/// item its factors and bias.
public struct PublishedRecommendations: Sendable {
    /// The model's version.
    public let version: Int64
    /// The layout, with the λ the model was trained with (the device's solve must use the same).
    public let layout: FederatedMF
    /// The global mean and item parameters.
    public let items: FederatedMF.ItemModel

    /// Reads a verified `mf` (or `eval`, which carries the same model) document.
    public init(_ document: ModelDocument) throws(PersonalizationError) {
        let metadata = document.header.metadata
        guard ["mf", "eval"].contains(document.header.task), let items = metadata["items"].flatMap(Int.init),
              let factors = metadata["factors"].flatMap(Int.init) else {
            throw PersonalizationError(.malformedModel, "not an MF model document (task \(document.header.task))")
        }
        do {
            layout = try FederatedMF(items: items, factors: factors,
                                     regularization: metadata["regularization"].flatMap(Double.init) ?? 0.1)
        } catch {
            throw PersonalizationError(.malformedModel, "the MF model's metadata is invalid: \(error)")
        }
        guard document.parameters.count == 1 + layout.dimension else {
            throw PersonalizationError(.malformedModel, "an MF model of \(items) items × \(factors) factors has \(1 + layout.dimension) parameters, got \(document.parameters.count)")
        }
        self.items = FederatedMF.ItemModel(globalMean: document.parameters[0], parameters: Array(document.parameters.dropFirst()))
        version = document.header.version
    }
}
