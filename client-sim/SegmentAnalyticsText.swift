import ConfideML
import Foundation

/// The sweep over k and the drift of a K-Means job's results, as summary lines.
enum SegmentAnalyticsText {
    static func lines(_ results: [String: String]) -> [String] {
        var lines: [String] = []
        if let json = results["k_sweep"], let entries = try? JSONDecoder().decode([KSelection.Entry].self, from: Data(json.utf8)),
           let recommended = results["k_recommended"] {
            lines.append("choosing k (one federated round, charged like any): k \(recommended) has the highest simplified silhouette"
                         + (results["k_elbow"].map { "; the inertia's elbow is at k \($0)" } ?? ""))
            lines.append("   k   inertia      silhouette")
            let widest = 30.0
            for entry in entries {
                let bar = String(repeating: "█", count: Int((entry.silhouette * widest).rounded()))
                let mark = String(entry.k) == recommended ? " ←" : ""
                lines.append(String(format: "  %2d   %-11.1f  %.3f ", entry.k, entry.inertia, entry.silhouette) + bar + mark)
            }
        }
        if let version = results["drift_from_version"] {
            let share = results["drift_share_changed"].flatMap(Double.init).map { String(format: "%.1f%%", 100 * $0) } ?? "an unknown share"
            let movement = results["drift_mean_movement"] ?? "?"
            lines.append("drift from K-Means model v\(version): \(share) of the devices counted change segment (federated count, noised); "
                         + "matched centroids moved \(movement)σ on average")
        }
        return lines
    }
}
