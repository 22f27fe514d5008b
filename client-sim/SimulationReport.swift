import ConfideProtocol
import Foundation

/// One job's outcome with its baseline.
struct JobReport: Encodable, Sendable {
    var task: JobTask
    var status: JobStatus
    var kmeans: Baselines.KMeansComparison?
    var mf: Baselines.MFComparison?
    /// The published tree of nested segments, as text lines.
    var segmentTree: [String]?
}

/// Everything a run produced, printed as a summary and optionally written as JSON.
struct SimulationReport: Encodable, Sendable {
    var dataset: String
    var clients: Int
    var consenting: [String: Int]
    var jobs: [JobReport] = []
    var privacy: PrivacyStatus?
    var wallSeconds = 0.0

    func printSummary() {
        say("\nSummary")
        say("  devices: \(clients) (\(dataset)); consenting: "
              + consenting.map { "\($0.key) \($0.value)" }.sorted().joined(separator: ", "))
        for job in jobs {
            let rounds = job.status.rounds
            let aborted = rounds.filter { $0.outcome != "completed" }.count
            say("  \(job.task): \(job.status.state), \(rounds.count - aborted) rounds completed, \(aborted) aborted, "
                  + "\(rounds.reduce(0) { $0 + $1.dropped }) dropouts, sampling rate \(RoundPrinter.format(job.status.samplingRate))")
            if job.task == .kmeans, job.status.state == .completed {
                say("    segments:")
                for (key, value) in job.status.results.filter({ $0.key.hasPrefix("segment_") }).sorted(by: { $0.key < $1.key }) {
                    say("      \(key.replacingOccurrences(of: "segment_", with: "#")): \(value)")
                }
                for line in SegmentAnalyticsText.lines(job.status.results) { say("    " + line) }
                if let tree = job.segmentTree {
                    say("    nested segments (Ward tree of the centroids, weighted by their noised sizes):")
                    for line in tree { say("      " + line) }
                }
                if let kmeans = job.kmeans {
                    say("    inertia: federated \(RoundPrinter.format(kmeans.federatedInertia)) vs centralized k-means++ "
                          + "\(RoundPrinter.format(kmeans.centralizedInertia)) (ratio \(String(format: "%.3f", kmeans.ratio)), \(kmeans.points) devices)")
                } else {
                    say("    (no centralized baseline: this shard does not hold the data the model was trained on)")
                }
            }
            if job.task == .histogram, let counted = job.status.results["ratings_counted"] {
                let segments = Int(job.status.results["segments"] ?? "0") ?? 0
                say("    item popularity: \(counted) ratings counted (noised), overall" + (segments > 0 ? " and per segment (\(segments))" : "")
                    + "; devices use it for cold-start and hybrid recommendations")
            }
            if let mf = job.mf {
                say("    held-out RMSE: federated \(String(format: "%.4f", mf.federatedRMSE)) vs centralized SGD "
                      + "\(String(format: "%.4f", mf.centralizedRMSE)) (ratio \(String(format: "%.3f", mf.ratio)); MAE "
                      + "\(String(format: "%.4f", mf.federatedMAE)) vs \(String(format: "%.4f", mf.centralizedMAE)); \(mf.ratings) ratings)")
                if let coordinatorRMSE = job.status.results["rmse"].flatMap(Double.init) {
                    let noised = privacy?.differentialPrivacyNoise == true ? "noised, " : ""
                    say("    the coordinator's own evaluation round (\(noised)at most 25 held-out ratings per device): RMSE "
                        + String(format: "%.4f", coordinatorRMSE))
                }
            }
        }
        if let privacy {
            let spent = privacy.epsilonSpent.isFinite ? String(format: "%.3f", privacy.epsilonSpent) : "∞ (noise was off)"
            say("  privacy: ε spent \(spent) of the policy's budget \(privacy.epsilonBudget) (δ \(privacy.delta), σ \(privacy.noiseMultiplier))")
        }
        say("  wall time: \(String(format: "%.1f", wallSeconds)) s")
    }

    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        try encoder.encode(self).write(to: URL(fileURLWithPath: path))
    }
}
