import ConfideClient
import ConfideCrypto
import ConfideML
import ConfidePolicy
import ConfideProtocol
import ConfideStore
import Foundation

/// The simulated devices of a run, with the data each one prepared from its local store.
struct SimulatedFleet: Sendable {
    let devices: [Device]
    let data: [DeviceData]
    let subjects: [String]

    /// Builds every device: its own in-memory local store receives the user's records
    /// (stripped by the policy on write), and the device prepares its training data from
    /// what the store kept.
    static func build(_ users: [SimulatedUser], policy: Policy, transport: any CoordinatorTransport,
                      concurrency: Int) async throws -> SimulatedFleet {
        let configurations = RoundConfigurationCache()
        let built = try await Concurrently.map(users, limit: concurrency) { user -> (Device, DeviceData) in
            let local = try await DeviceLocalStore.open(location: .sqlite(path: ":memory:"), policy: policy, subjectID: user.subject)
            do {
                for (kind, records) in user.records { try await local.ingest(records, kind: kind) }
                let data = try user.build(try await local.records())
                return (try Device(identity: IdentityKey(), transport: transport, local: local, data: data,
                                   configurations: configurations), data)
            } catch {
                await local.close()
                throw error
            }
        }
        return SimulatedFleet(devices: built.map(\.0), data: built.map(\.1), subjects: users.map(\.subject))
    }

    /// Registers every device with an enrolment code minted for its user through the admin
    /// API (as the service that signed the user in would), and records its user's consent choices (seeded): returns how
    /// many consented to each purpose.
    func enroll(consentRate: Double, seed: UInt64, admin: AdminClient, concurrency: Int) async throws -> [String: Int] {
        let purposes = ["segmentation", "recommendations"]
        let choices = try await Concurrently.map(Array(zip(devices, subjects).enumerated()), limit: concurrency) { entry in
            let (index, (device, subject)) = entry
            try await device.register(enrolmentCode: try await admin.enrolment(for: subject))
            var random = SeededGenerator(seed: seed, stream: 0xC0_0000 + UInt64(index))
            var granted: [String] = []
            for purpose in purposes where random.chance(consentRate) {
                try await device.setConsent(purpose: purpose, granted: true)
                granted.append(purpose)
            }
            return granted
        }
        return Dictionary(uniqueKeysWithValues: purposes.map { purpose in (purpose, choices.filter { $0.contains(purpose) }.count) })
    }

    /// Starts `job` and runs every device until it ends, printing each round.
    func train(_ job: StartJobRequest, admin: AdminClient, dropout: DropoutSchedule) async throws -> JobStatus {
        var status = try await admin.startJob(job)
        var printer = RoundPrinter()
        let flag = DeviceFleet.StopFlag()
        let errors = ErrorTally()
        let running = Task { await DeviceFleet.run(devices, until: flag, dropout: dropout.next(for:)) { _, _, error in
            if let error { await errors.add(error) }
        } }
        let started = status.id
        while status.state == .running {
            try await Task.sleep(for: .milliseconds(250))
            // Retried while the coordinator restarts; it continues the job from its last
            // completed round, so the status that comes back is the same job's.
            status = try await admin.job()
            guard status.id == started else {
                await flag.stop()
                await running.value
                throw SimulationError("the coordinator now runs another job (\(status.id ?? "unnamed")) than the \(job.task) job started (\(started ?? "unnamed"))")
            }
            printer.update(status, planned: status.plannedRounds)
        }
        await flag.stop()
        await running.value
        printer.finish()
        if let reason = status.reason { say("\(job.task) job \(status.state): \(reason)") }
        await errors.printSummary()
        return status
    }

    /// The job's report, with the same-run centralized baseline.
    func compare(_ status: JobStatus, job: StartJobRequest, seed: UInt64, modelsOut: ModelFolder? = nil) async throws -> JobReport {
        var report = JobReport(task: job.task, status: status)
        guard status.state == .completed, let device = devices.first, let key = await device.coordinatorKey else { return report }
        let signed = try await device.client.call("GET", Routes.model(job.task.rawValue))
        let document = try ModelDocument(verifying: signed, with: key)
        try modelsOut?.save(task: job.task.rawValue, signed: signed, key: key)
        if job.task == .kmeans, let features = job.features,
           let clusters = document.header.metadata["clusters"].flatMap(Int.init) ?? job.clusters {
            report.segmentTree = SegmentTreeText.lines(try PublishedSegments(document))
            report.kmeans = try Baselines.kmeans(data, features: features, model: document.parameters,
                                                 metadata: document.header.metadata, clusters: clusters, seed: seed)
        } else if job.task == .mf, let items = job.items,
                  let factors = document.header.metadata["factors"].flatMap(Int.init) ?? job.factors {
            report.mf = try Baselines.mf(data, model: document.parameters, metadata: document.header.metadata, items: items,
                                         factors: factors, seed: seed)
        }
        return report
    }

    /// Closes every device's local store.
    func close() async {
        for device in devices { await device.close() }
    }
}

/// Counts device errors by message, to summarize instead of flooding the terminal.
actor ErrorTally {
    private var counts: [String: Int] = [:]

    func add(_ error: any Error) {
        counts["\(error)", default: 0] += 1
    }

    func printSummary() {
        for (message, count) in counts.sorted(by: { $0.value > $1.value }).prefix(5) {
            say("  device errors ×\(count): \(message)")
        }
    }
}
