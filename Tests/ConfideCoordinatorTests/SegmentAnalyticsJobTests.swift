import ConfideAggregation
import ConfideClient
@testable import ConfideCoordinator
import ConfideML
import ConfidePolicy
import ConfideProtocol
import Foundation
import Testing

@Suite("K-Means jobs that choose k and measure drift")
struct SegmentAnalyticsJobTests {
    private static let features = FeatureSet.commerce.rawValue

    private func rehearse(_ request: StartJobRequest, _ data: [DeviceData], noise: Bool = false, seed: UInt64 = 3,
                          segments: StoredSegments? = nil) throws -> JobRehearsal.Outcome {
        let rehearsal = JobRehearsal(limits: JobRehearsalTests.limits(), noise: noise, seed: seed)
        var accountant = try PLDAccountant()
        let outcome = try rehearsal.run(request, devices: JobRehearsalTests.updates(data), accountant: &accountant, segments: segments)
        #expect(outcome.state == .completed, "\(outcome.reason ?? "")")
        return outcome
    }

    /// An outcome's model as the engine hands it to the next job.
    private func stored(_ outcome: JobRehearsal.Outcome, version: Int64) throws -> StoredSegments {
        let clusters = try #require(outcome.metadata["clusters"].flatMap(Int.init))
        return StoredSegments(features: .commerce, clusters: clusters,
                              featureClamp: try #require(outcome.metadata["feature_clamp"].flatMap(Double.init)),
                              parameters: outcome.parameters, version: version,
                              sizes: outcome.metadata["segment_sizes"].map { $0.split(separator: ",").compactMap { Double($0) } })
    }

    private func model(_ segments: StoredSegments) throws -> SegmentModel { try segments.model() }

    @Test("A sweep over k measures every candidate on the devices, recommends one and trains it")
    func sweepChoosesK() throws {
        let data = try JobRehearsalTests.shoppers(1_000, seed: 3)
        let outcome = try rehearse(StartJobRequest(task: .kmeans, features: .commerce, rounds: 10, seed: 3, clustersFrom: 2, clustersTo: 8), data)
        let sweepRounds = outcome.rounds.filter { $0.work == .kmeansSweep }
        #expect(sweepRounds.count == 1 && sweepRounds[0].metricName == "silhouette")
        let recommended = try #require(outcome.metadata["k_recommended"].flatMap(Int.init))
        #expect(outcome.metadata["clusters"] == String(recommended))
        #expect(outcome.parameters.count == (2 + recommended) * FeatureSchema.commerce.count)
        let json = try #require(outcome.metadata["k_sweep"])
        let entries = try JSONDecoder().decode([KSelection.Entry].self, from: Data(json.utf8))
        #expect(entries.map(\.k) == Array(2...8))
        #expect(entries.allSatisfy { (0...1).contains($0.silhouette) && $0.inertia > 0 })
        #expect(entries.first!.inertia > entries.last!.inertia)
        #expect(entries.max { $0.silhouette < $1.silhouette }!.k == recommended)
        print("sweep: \(entries.map { "k \($0.k) inertia \($0.inertia) silhouette \($0.silhouette)" }) recommended \(recommended) elbow \(outcome.metadata["k_elbow"] ?? "")")
    }

    @Test("Under DP noise the sweep is one charged round of the plan")
    func noisySweepIsCharged() throws {
        let data = try JobRehearsalTests.shoppers(2_000, seed: 5)
        let outcome = try rehearse(StartJobRequest(task: .kmeans, features: .commerce, rounds: 2, epsilon: 4, seed: 5,
                                                   clustersFrom: 3, clustersTo: 7), data, noise: true, seed: 5)
        #expect(outcome.plannedRounds == 1 + KMeansDesign().sketchRounds + 1 + 2)
        #expect(outcome.rounds.count == outcome.plannedRounds)
        #expect(outcome.rounds.filter { $0.work == .kmeansSweep }.allSatisfy { $0.noiseStandardDeviation > 0 })
        #expect(outcome.rounds.last!.epsilon <= 4 * (1 + 1e-9))
        let recommended = try #require(outcome.metadata["k_recommended"].flatMap(Int.init))
        #expect((3...7).contains(recommended))
        print("noisy sweep: \(outcome.metadata["k_sweep"] ?? "") recommended \(recommended)")
    }

    @Test("Retraining on the same devices: the drift round's federated count equals the devices' own placements")
    func driftCountsDevices() throws {
        let data = try JobRehearsalTests.shoppers(1_000, seed: 3)
        let first = try rehearse(StartJobRequest(task: .kmeans, features: .commerce, rounds: 10, clusters: 5, seed: 3), data)
        #expect(first.metadata["drift_share_changed"] == nil)
        let earlier = try stored(first, version: 7)
        let second = try rehearse(StartJobRequest(task: .kmeans, features: .commerce, rounds: 10, clusters: 4, seed: 9), data,
                                  segments: earlier)
        #expect(second.rounds.last?.work == .segmentTransition)
        #expect(second.metadata["drift_from_version"] == "7")
        let later = try stored(second, version: 8)
        // Count centrally what the devices counted: every device's pair of segments.
        var expected = [Double](repeating: 0, count: 5 * 4)
        for device in data {
            guard let row = device.features[Self.features]?.first else { continue }
            expected[try model(earlier).assign(row).segment * 4 + (try model(later).assign(row).segment)] += 1
        }
        let counted = try #require(second.metadata["drift_transitions"]).split(separator: ",").compactMap { Double($0) }
        #expect(counted == expected)
        let drift = try SegmentDrift(from: model(earlier), to: model(later), transitions: expected)
        #expect(second.metadata["drift_share_changed"] == String(try #require(drift.shareChanged)))
        // Going from 5 segments to 4, at least the devices of the unmatched segment change.
        #expect(drift.shareChanged! > 0 && drift.matching.filter { $0 == nil }.count == 1)
        print("drift 5 → 4: share \(drift.shareChanged!) movement \(drift.meanMovement)")
    }

    @Test("Retraining the same devices with the same k barely changes anyone's segment")
    func stableRetrainingHasLittleDrift() throws {
        let data = try JobRehearsalTests.shoppers(1_000, seed: 3)
        let first = try rehearse(StartJobRequest(task: .kmeans, features: .commerce, rounds: 10, clusters: 5, seed: 3), data)
        let again = try rehearse(StartJobRequest(task: .kmeans, features: .commerce, rounds: 10, clusters: 5, seed: 4), data,
                                 segments: try stored(first, version: 1))
        let stable = try #require(again.metadata["drift_share_changed"].flatMap(Double.init))
        let movement = try #require(again.metadata["drift_mean_movement"].flatMap(Double.init))
        #expect(stable < 0.05 && movement < 0.2, "share \(stable), movement \(movement)")
    }

    @Test("Devices refuse sweep and transition work orders whose constants are out of range or do not fit the parameters")
    func devicesRangeCheckTheWorkOrders() throws {
        let data = try JobRehearsalTests.shoppers(1, seed: 3)[0]
        let d = FeatureSchema.commerce.count
        let statistics = Array(repeating: 0.5, count: d) + Array(repeating: 0.1, count: d)
        func sweep(_ candidates: [Int], clamp: Double = 2, errorScale: Double = 0.01, extra: Int = 0) -> (RoundWork, [Double]) {
            (RoundWork(kind: .kmeansSweep, vectorLength: 2 * candidates.count + 1, features: .commerce, featureClamp: clamp,
                       errorScale: errorScale, candidates: candidates),
             statistics + Array(repeating: 0, count: (candidates.reduce(0, +) + extra) * d))
        }
        let (good, parameters) = sweep([2, 3, 4])
        let vector = try DeviceWorker.update(for: good, parameters: parameters, data: data)
        #expect(vector.count == 7 && vector[6] == 1)
        for (work, parameters) in [sweep([1, 2, 3]), sweep([2, 3, 65]), sweep([2, 3, 4], clamp: .infinity), sweep([2, 3, 4], errorScale: 2),
                                   sweep([2, 3, 4], extra: 1), sweep([])] {
            #expect(throws: ProtocolError.self) { try DeviceWorker.update(for: work, parameters: parameters, data: data) }
        }
        func transition(_ earlier: Int, _ later: Int, clamp: Double = 2, length: Int? = nil) -> (RoundWork, [Double]) {
            (RoundWork(kind: .segmentTransition, vectorLength: length ?? earlier * later, features: .commerce, clusters: later,
                       featureClamp: clamp, previousClusters: earlier, previousFeatureClamp: 3),
             statistics + Array(repeating: 0, count: max(0, earlier) * d) + statistics + Array(repeating: 0, count: max(0, later) * d))
        }
        let (pair, pairParameters) = transition(3, 2)
        #expect(try DeviceWorker.update(for: pair, parameters: pairParameters, data: data).reduce(0, +) == 1)
        for (work, parameters) in [transition(0, 2), transition(3, 65), transition(3, 2, clamp: -1), transition(3, 2, length: 5)] {
            #expect(throws: ProtocolError.self) { try DeviceWorker.update(for: work, parameters: parameters, data: data) }
        }
    }
}
