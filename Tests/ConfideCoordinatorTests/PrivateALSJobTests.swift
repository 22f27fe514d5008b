import ConfideClient
@testable import ConfideCoordinator
import ConfideML
import ConfideProtocol
import Testing

@Suite("MF by private ALS: the job, the device step, a run with noise")
struct PrivateALSJobTests {
    @Test("With noise, an ALS job runs the mean, ALS and evaluation rounds and publishes a finite model")
    func noisyRun() async throws {
        let fixture = try await CoordinatorFixture.make()
        defer { fixture.remove() }
        let (status, _, _) = try await EndToEndRouterTests.train(fixture, devices: 6, job: StartJobRequest(
            task: .mf, rounds: 2, items: TestPopulation.items, factors: 2, method: .als, samplingRate: 1))
        #expect(status.state == .completed, "\(status.reason ?? "")")
        #expect(status.rounds.map(\.work) == ["alsContribution", "alsContribution", "mfEvaluation"])
        #expect(status.rounds.allSatisfy { $0.outcome == "completed" && $0.cohort == 6 })
        #expect(status.results["method"] == "als")
        let stored = try #require(try await fixture.store.latestModel(task: .eval))
        let published = try ModelDocument(verifying: stored.parameters, with: fixture.keys.signingKey.publicKey)
        #expect(published.header.metadata["method"] == "als")
        #expect(published.parameters.count == 1 + TestPopulation.items * 3)
        let finite = published.parameters.allSatisfy { $0.isFinite }
        #expect(finite)
        await fixture.close()
    }

    @Test("The job declares the method's sensitivity, and honest device updates stay within it")
    func declaredSensitivityHolds() throws {
        var job = try MFJob(items: TestPopulation.items, factors: 2, rounds: 2, method: .als, seed: 1)
        #expect(job.plannedRounds == 3)
        let planned = try #require(try job.nextRound())
        #expect(planned.work.kind == .alsContribution)
        let als = try #require(job.als)
        #expect(planned.sensitivity == als.sensitivity && planned.work.vectorLength == als.dimension)
        for user in 0..<12 {
            let data = try Self.data(of: user)
            let update = try DeviceWorker.update(for: planned.work, parameters: planned.parameters, data: data)
            #expect(update.reduce(0) { $0 + $1 * $1 }.squareRoot() <= planned.sensitivity * (1 + 1e-12))
        }
    }

    /// A device's data straight from the test population (all ratings in training).
    private static func data(of user: Int) throws -> DeviceData {
        DeviceData(training: try LocalRatings(TestPopulation.ratings(of: user), catalog: TestPopulation.catalog))
    }

    @Test("A device refuses ALS work orders with missing or out-of-range constants")
    func deviceRangeChecks() throws {
        var job = try MFJob(items: TestPopulation.items, factors: 2, rounds: 1, method: .als, seed: 1)
        let planned = try #require(try job.nextRound())
        let data = try Self.data(of: 0)
        let edits: [(inout RoundWork) -> Void] = [
            { $0.gramWeight = nil }, { $0.contributionClip = nil }, { $0.contributionClip = 1e7 }, { $0.factorNormCap = 0 }, { $0.residualCap = .infinity }, { $0.ratingCap = 0 },
            { $0.factors = 101 }, { $0.items = 0 }, { $0.regularization = -1 }, { $0.vectorLength += 1 }, { $0.gramWeight = .nan },
        ]
        for edit in edits {
            var work = planned.work
            edit(&work)
            #expect(throws: ProtocolError.self) { try DeviceWorker.update(for: work, parameters: planned.parameters, data: data) }
        }
        var parameters = planned.parameters
        parameters[1] = .infinity
        #expect(throws: ProtocolError.self) { try DeviceWorker.update(for: planned.work, parameters: parameters, data: data) }
        #expect(throws: ProtocolError.self) {
            try DeviceWorker.update(for: planned.work, parameters: Array(planned.parameters.dropLast()), data: data)
        }
    }
}
