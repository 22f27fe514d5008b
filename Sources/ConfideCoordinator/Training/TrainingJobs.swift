import ConfideML
import ConfidePolicy
import ConfideProtocol

/// How the coordinator turns a start-job request into a ``TrainingJob``: shared by the
/// round engine and ``JobRehearsal``, so a rehearsal runs exactly the job the engine would.
enum TrainingJobs {
    /// The job `request` asks for; `noise` says whether rounds carry differential-privacy
    /// noise. Throws a ``ProtocolError`` (422) naming what is missing or wrong.
    static func make(_ request: StartJobRequest, noise: Bool, segments: StoredSegments?,
                     kmeans design: KMeansDesign = KMeansDesign()) throws -> any TrainingJob {
        let seed = request.seed ?? 0
        do {
            switch request.task {
            case .kmeans:
                guard let features = request.features else {
                    throw ProtocolError(.unprocessable, "a K-Means job needs 'features' (\(FeatureSet.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                let clusters = request.clusterSweep ?? (request.clusters ?? 8)...(request.clusters ?? 8)
                // Several candidate sets tighten the result without noise; with noise each
                // set would get √sets times less signal (see KMeansDesign.noisySets).
                let sets = noise ? design.noisySets : 10
                return try KMeansJob(schema: FeatureSchema(identifier: features.rawValue), clusters: clusters, sets: sets,
                                     lloydRounds: request.rounds, seed: seed, noisy: noise, design: design,
                                     previous: segments)
            case .mf:
                guard let items = request.items else {
                    throw ProtocolError(.unprocessable, "an MF job needs 'items', the catalogue size (1 to 100,000)")
                }
                return try MFJob(items: items, factors: request.factors, rounds: request.rounds, method: request.method ?? .gradient, seed: seed)
            case .histogram:
                guard let items = request.items else {
                    throw ProtocolError(.unprocessable, "a histogram job needs 'items', the catalogue size (1 to 100,000)")
                }
                return try HistogramJob(items: items, segments: segments)
            }
        } catch let error as ConfigurationError {
            throw ProtocolError(.unprocessable, error.message)
        }
    }

    /// `job` told the privacy plan it runs under (K-Means sizes its sketch and its
    /// treatment of small clusters by the noise; private ALS regularizes its noisy item
    /// solves by it).
    static func planned(_ job: any TrainingJob, plan: PrivacyPlan, clipNorm: Double) -> any TrainingJob {
        if var kmeans = job as? KMeansJob {
            kmeans.noiseScale = plan.noiseMultiplier * clipNorm
            return kmeans
        }
        if var mf = job as? MFJob {
            mf.noiseScale = plan.noiseMultiplier * clipNorm
            return mf
        }
        return job
    }
}
