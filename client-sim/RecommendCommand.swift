import ArgumentParser
import ConfideClient
import ConfideCrypto
import ConfideML
import ConfidePolicy
import ConfideProtocol
import ConfideStore
import Foundation

/// `confide-client-sim recommend`: one MovieLens user's device, built as `run` builds it,
/// personalizes from the signed models a run saved: its segment (with its place in the tree
/// of nested segments) and its top films, each with the source that produced it.
struct RecommendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "Show a MovieLens user's segment and recommended films, computed on their simulated device.")

    @Option(help: "The MovieLens user id (1–943).") var user: Int
    @Option(help: "How many films to recommend.") var count = 10
    @Flag(help: "Print JSON instead of text.") var json = false
    @Option(help: "The folder `run --models-out` saved the signed models in.") var models = "var/demo/models"
    @Option(help: "The seed the run used (it fixes each device's held-out split).") var seed: UInt64 = 42
    @Option(help: "The policies folder (the device's store strips personal data by its rules).") var policies = "policies"
    @Option(name: .customLong("data-dir"), help: "MovieLens-100K folder (default $CONFIDE_ML100K_DIR or var/data/ml-100k).")
    var dataDirectory: String?

    func validate() throws {
        guard count >= 1 else { throw ValidationError("--count must be at least 1") }
    }

    func run() async throws {
        let data = try Population.loadMovieLens(directory: dataDirectory)
        guard let person = data.users.first(where: { $0.id == user }) else {
            throw SimulationError("MovieLens has no user \(user); ids run from 1 to \(data.users.map(\.id).max() ?? 0)")
        }
        let (key, documents) = try ModelFolder(models).load()
        let simulated = Population.movieLens(data, users: [person], seed: seed)[0]
        let local = try await DeviceLocalStore.open(location: .sqlite(path: ":memory:"), policy: try PolicyLoader.load(policies),
                                                    subjectID: simulated.subject)
        let device: Device
        do {
            for (kind, records) in simulated.records { try await local.ingest(records, kind: kind) }
            device = try Device(identity: IdentityKey(), transport: OfflineTransport(), local: local,
                                data: try simulated.build(try await local.records()))
        } catch {
            await local.close()
            throw error
        }
        do {
            for task in ["kmeans", "mf", "histogram"] {
                if let signed = documents[task] { try await device.installModel(signed, signedBy: key) }
            }
            var published: PublishedSegments?
            if let signed = documents["kmeans"] {
                published = try PublishedSegments(ModelDocument(verifying: signed, with: key))
            }
            var popularity = "federated histogram (secure aggregation with DP)"
            if documents["histogram"] == nil {
                await device.usePopularity(try PopularityStandIn.movieLens(data, model: published?.model, seed: seed))
                popularity = "simulator stand-in (central counts, not private: the run had no --popularity-epsilon)"
            }
            let segment = published == nil ? nil : try await device.segment()
            let films = try await device.recommendations(count: count)
            let titles = Dictionary(data.items.map { item in (item.id, item.releaseYear.map { "\(item.title) (\($0))" } ?? item.title) },
                                    uniquingKeysWith: { first, _ in first })
            let ids = data.itemIndex.ids
            let ratings = await device.ratingCount
            let report = RecommendationReport(
                user: user, ratings: ratings, popularity: popularity,
                segment: segment.map { segment in
                    RecommendationReport.Segment(index: segment.index, of: published!.model.k, modelVersion: segment.modelVersion,
                                                 description: segment.description.description, place: segment.place,
                                                 changedSinceModel: segment.changedSinceModel)
                },
                films: films.map { RecommendationReport.Film(id: ids[$0.item], title: titles[ids[$0.item]] ?? "item \(ids[$0.item])",
                                                              score: $0.score, source: $0.source.rawValue) })
            if json { try report.printJSON() } else { report.printText(leaves: published?.tree.leaves ?? 0) }
        } catch {
            await device.close()
            throw error
        }
        await device.close()
    }
}

/// Devices in `recommend` personalize from saved models and never call the coordinator.
struct OfflineTransport: CoordinatorTransport {
    func send(method: String, target: String, headers: [(String, String)], body: [UInt8]) async throws -> (status: Int, body: [UInt8]) {
        throw SimulationError("this simulated device works offline, from saved models")
    }
}
