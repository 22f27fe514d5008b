import ConfideML
import Foundation
import Testing

/// Shared fixtures: where MovieLens is, temporary files, small generated data.
enum TestData {
    /// The MovieLens folder: `$CONFIDE_ML100K_DIR`, else `var/data/ml-100k` in the package.
    static let movieLensDirectory: URL = {
        if let path = ProcessInfo.processInfo.environment["CONFIDE_ML100K_DIR"], !path.isEmpty {
            return URL(fileURLWithPath: path, isDirectory: true)
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("var/data/ml-100k", isDirectory: true)
    }()

    /// Whether MovieLens-100K is there (`make test` fetches it first).
    static let movieLensPresent = MovieLens.isPresent(in: movieLensDirectory)

    /// The note shown when MovieLens tests are skipped.
    static let movieLensMissing: Comment = "MovieLens-100K not found in var/data/ml-100k: run scripts/fetch-movielens (make test does)"

    /// MovieLens loaded once for all tests.
    static let movieLens: MovieLens? = try? MovieLens.load(from: movieLensDirectory)

    /// A fresh temporary folder.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("confide-ml-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Ratings from a planted low-rank model with noise: `users` × `items`, about `density`
    /// of the pairs rated, scores clipped to 1...5.
    static func lowRankRatings(users: Int, items: Int, rank: Int = 3, density: Double = 0.3, noise: Double = 0.3, seed: UInt64 = 7) -> [Rating] {
        var random = SeededGenerator(seed: seed)
        let p = (0..<users * rank).map { _ in random.nextGaussian() * 0.6 }
        let q = (0..<items * rank).map { _ in random.nextGaussian() * 0.6 }
        let userBias = (0..<users).map { _ in random.nextGaussian() * 0.3 }
        let itemBias = (0..<items).map { _ in random.nextGaussian() * 0.4 }
        var ratings: [Rating] = []
        for u in 0..<users {
            for i in 0..<items where random.chance(density) {
                var value = 3.5 + userBias[u] + itemBias[i] + noise * random.nextGaussian()
                for f in 0..<rank { value += p[u * rank + f] * q[i * rank + f] }
                ratings.append(Rating(user: u + 1, item: i + 1, value: min(5, max(1, value)), timestamp: Int64(1_000 + u * items + i)))
            }
        }
        return ratings
    }
}
