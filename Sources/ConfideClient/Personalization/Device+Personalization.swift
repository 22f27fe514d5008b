import ConfideCrypto
import ConfideML
import ConfideProtocol
import ConfideStore

/// Personalization on the device: its segment and its recommendations, computed from the
/// signed models it downloaded and its own data. No request is made and no privacy budget is
/// spent; nothing computed here leaves the device.
extension Device {
    /// Downloads the latest K-Means, MF and popularity (`histogram`) models, checks the
    /// coordinator's signature, and installs them; returns the tasks installed (a task with
    /// no model yet, or a K-Means job still initializing, is skipped).
    @discardableResult
    public func refreshModels() async throws -> [String] {
        guard let key = coordinatorKey else { throw ProtocolError(.unauthenticated, "the device has not registered yet") }
        var installed: [String] = []
        for task in ["kmeans", "mf", "histogram"] {
            let bytes: [UInt8]
            do {
                bytes = try await client.call("GET", Routes.model(task))
            } catch let error as ClientError where error.status == 404 {
                continue
            }
            do {
                try installModel(bytes, signedBy: key)
            } catch let error as PersonalizationError where error.kind == .noModel {
                continue
            }
            installed.append(task)
        }
        return installed
    }

    /// Installs a signed `kmeans`, `mf` or `histogram` model document after checking it is signed by `key`
    /// (the coordinator's identity); a K-Means model re-places the device at once.
    public func installModel(_ signed: [UInt8], signedBy key: IdentityPublicKey) throws {
        let document = try ModelDocument(verifying: signed, with: key)
        switch document.header.task {
        case "kmeans":
            let segments = try PublishedSegments(document)
            personalization.segments = segments
            personalization.assignment = try? place(with: segments)
            personalization.assignmentAtModel = personalization.assignment
        case "mf", "eval":
            personalization.recommendations = try PublishedRecommendations(document)
        case "histogram":
            let published = try PublishedPopularity(document)
            personalization.popularity = published.popularity
            personalization.popularityKMeansVersion = published.kmeansVersion
        default:
            throw PersonalizationError(.malformedModel, "a \(document.header.task) model is not used for personalization")
        }
    }

    /// Item popularity overall and per segment, for cold-start fallbacks and hybrid scores.
    /// Its segments must be those of the installed K-Means model.
    public func usePopularity(_ popularity: ItemPopularity) {
        personalization.popularity = popularity
        personalization.popularityKMeansVersion = nil
    }

    /// Replaces the device's prepared data (after its user rated or ordered something) and
    /// re-places it in its segment at once; returns the new segment, if a model is installed.
    @discardableResult
    public func replaceData(_ data: DeviceData) -> DeviceSegment? {
        self.data = data
        if let segments = personalization.segments { personalization.assignment = try? place(with: segments) }
        return try? segment()
    }

    /// Stores new records in the device's local store (the policy strips them on write),
    /// rebuilds the device's data from everything the store holds with `rebuild`, and
    /// re-places the device; returns the new segment, if a model is installed.
    @discardableResult
    public func ingest(_ records: [[String: JSONValue]], kind: String,
                       rebuild: @Sendable ([StoredRecord]) throws -> DeviceData) async throws -> DeviceSegment? {
        guard let local else { throw PersonalizationError(.noData, "the device has no local store to record new data in") }
        try await local.ingest(records, kind: kind)
        let rebuilt = try rebuild(try await local.records())
        return replaceData(rebuilt)
    }

    /// The device's segment under the installed K-Means model, with its description, its
    /// place in the segment tree and whether the device's data moved it since the model came.
    public func segment() throws(PersonalizationError) -> DeviceSegment {
        guard let segments = personalization.segments else {
            throw PersonalizationError(.noModel, "no K-Means model is installed; call refreshModels() once segments are trained")
        }
        guard let now = personalization.assignment else {
            throw PersonalizationError(.noData, "the device has no \(segments.model.schema.identifier) features to place itself with")
        }
        return DeviceSegment(index: now.segment, modelVersion: segments.version, description: segments.descriptions[now.segment],
                             place: segments.place(of: now.segment),
                             segmentAtModel: personalization.assignmentAtModel?.segment ?? now.segment)
    }

    /// Up to `count` items the user has not rated, best first, each with its score and the
    /// source that produced it (collaborative, hybrid, segment-popular or popular; see
    /// ``PersonalRecommender`` for the chain and its threshold of 5 ratings).
    public func recommendations(count: Int) throws -> [Recommendation] {
        let published = personalization.recommendations
        let itemCount = published?.layout.items ?? personalization.popularity?.items
        guard let itemCount else {
            throw PersonalizationError(.noModel, "no MF model or popularity is installed; call refreshModels() once recommendations are trained")
        }
        // Every rating the device holds is "seen", the held-out part included: the split only exists for evaluation.
        let own = [data.training, data.test].compactMap { $0 }
        let ratings = try LocalRatings(items: own.flatMap(\.items), values: own.flatMap(\.values),
                                       itemCount: max(itemCount, Int(own.flatMap(\.items).max() ?? 0) + 1))
        let recommender = try PersonalRecommender(model: published.map { ($0.layout, $0.items) }, popularity: personalization.popularity)
        // Segment blocks of a histogram built on another K-Means model would be another model's segments.
        let matching = personalization.popularityKMeansVersion.map { $0 == personalization.segments?.version } ?? true
        return try recommender.recommend(ratings: ratings, segment: matching ? personalization.assignment?.segment : nil, count: count)
    }

    private func place(with segments: PublishedSegments) throws -> SegmentAssignment {
        guard let row = data.features[segments.model.schema.identifier]?.first else {
            throw PersonalizationError(.noData, "no \(segments.model.schema.identifier) features")
        }
        return try segments.model.assign(row)
    }
}

extension Device {
    /// How many ratings the device holds (training and held-out).
    public var ratingCount: Int { (data.training?.count ?? 0) + (data.test?.count ?? 0) }
}
