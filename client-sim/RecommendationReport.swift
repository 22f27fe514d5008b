import ConfideClient
import Foundation

/// What `recommend` prints: a user's segment and films.
struct RecommendationReport: Encodable {
    struct Segment: Encodable {
        var index: Int
        var of: Int
        var modelVersion: Int64
        var description: String
        var place: [SegmentNode]
        var changedSinceModel: Bool
    }

    struct Film: Encodable {
        var id: Int
        var title: String
        var score: Double
        var source: String
    }

    var user: Int
    var ratings: Int
    /// Where the popularity for fallbacks and hybrid scores came from.
    var popularity: String
    var segment: Segment?
    var films: [Film]

    func printText(leaves: Int) {
        say("user \(user): \(ratings) ratings on the device")
        if let segment {
            say("segment #\(segment.index) of \(segment.of) (K-Means model v\(segment.modelVersion)): \(segment.description)")
            say("  in the tree: \(SegmentTreeText.place(segment.place, leaves: leaves))")
        } else {
            say("segment: no K-Means model was saved")
        }
        say("top \(films.count) films (popularity: \(popularity)):")
        let width = min(60, films.map(\.title.count).max() ?? 0)
        for (rank, film) in films.enumerated() {
            let title = film.title.count > width ? String(film.title.prefix(width - 1)) + "…" : film.title.padding(toLength: width, withPad: " ", startingAt: 0)
            say(String(format: "%3d. ", rank + 1) + title + String(format: "  %7.3f  ", film.score) + film.source)
        }
    }

    func printJSON() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        say(String(decoding: try encoder.encode(self), as: UTF8.self))
    }
}
