import ConfideProtocol
import Foundation

/// What a job was asked to do and how it was planned, as stored with the job: with the
/// sums its completed rounds released, enough to rebuild it exactly after a restart (jobs
/// are pure and seeded, so replaying the sums reproduces their model bit for bit).
struct JobSpecification: Codable, Sendable, Equatable {
    /// The admin's request.
    var request: StartJobRequest
    /// The privacy plan it runs under.
    var plan: PrivacyPlan
    /// Whether its rounds carry differential-privacy noise.
    var noise: Bool
    /// The K-Means model version a histogram job reports per segment of, or a K-Means job
    /// measures its segments' drift from.
    var segmentsVersion: Int64?

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // A plan without noise has an unbounded ε ceiling.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return Array(try encoder.encode(self))
    }

    static func decode(_ bytes: [UInt8]) throws -> JobSpecification {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try decoder.decode(JobSpecification.self, from: Data(bytes))
    }
}
