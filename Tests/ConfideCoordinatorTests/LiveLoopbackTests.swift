import AsyncHTTPClient
import ConfideClient
import ConfideCoordinator
import ConfideProtocol
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Over real sockets")
struct LiveLoopbackTests {
    @Test("A K-Means job over HTTP on loopback, devices using AsyncHTTPClient")
    func live() async throws {
        let fixture = try await CoordinatorFixture.make()
        defer { fixture.remove() }
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await fixture.coordinator.application().test(.live) { client in
                let port = try #require(client.port)
                let transport = HTTPClientTransport(baseURL: "http://127.0.0.1:\(port)", client: http)
                var devices: [Device] = []
                for user in 0..<5 {
                    let (device, subject) = try await TestPopulation.device(user, transport: transport, policy: fixture.store.policy)
                    try await device.enrol(subject, via: transport)
                    try await device.setConsent(purpose: "segmentation", granted: true)
                    devices.append(device)
                }
                _ = try await fixture.coordinator.engine.startJob(StartJobRequest(
                    task: .kmeans, features: .movieLensUser, rounds: 1, clusters: 2, samplingRate: 1))
                let flag = DeviceFleet.StopFlag()
                async let fleet: Void = DeviceFleet.run(devices, until: flag)
                while await fixture.coordinator.engine.jobStatus()?.state == .running { try await Task.sleep(for: .milliseconds(50)) }
                await flag.stop()
                await fleet
                for device in devices { await device.close() }
                let status = try #require(await fixture.coordinator.engine.jobStatus())
                #expect(status.state == .completed, "\(status.reason ?? "")")
                #expect(status.rounds.allSatisfy { $0.outcome == "completed" && $0.cohort == 5 })
            }
        } catch {
            try await http.shutdown()
            throw error
        }
        try await http.shutdown()
        await fixture.close()
    }
}
