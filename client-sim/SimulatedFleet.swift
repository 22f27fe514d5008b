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
    /// `positions` are the devices' places in the whole population (a shard's devices are
    /// every N-th), so a user's choices do not depend on how the population is sharded.
    func enroll(consentRate: Double, seed: UInt64, admin: AdminClient, concurrency: Int, positions: [Int]) async throws -> [String: Int] {
        let purposes = ["segmentation", "recommendations"]
        let choices = try await Concurrently.map(Array(zip(zip(devices, subjects), positions)), limit: concurrency) { entry in
            let ((device, subject), position) = entry
            try await device.register(enrolmentCode: try await admin.enrolment(for: subject))
            var random = SeededGenerator(seed: seed, stream: 0xC0_0000 + UInt64(position))
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
        let started = status.id
        return try await whileRunning(dropout: dropout) {
            var printer = RoundPrinter()
            while status.state == .running {
                try await Task.sleep(for: .milliseconds(250))
                // Retried while the coordinator restarts; it continues the job from its last
                // completed round, so the status that comes back is the same job's.
                status = try await admin.job()
                guard status.id == started else {
                    throw SimulationError("the coordinator now runs another job (\(status.id ?? "unnamed")) than the \(job.task) job started (\(started ?? "unnamed"))")
                }
                printer.update(status, planned: status.plannedRounds)
            }
            printer.finish()
            if let reason = status.reason { say("\(job.task) job \(status.state): \(reason)") }
            return status
        }
    }

    /// Runs every device while another simulator process (shard 0) starts the jobs, until
    /// `count` jobs that started after `baseline` (the store's last job before this shard
    /// enrolled) have ended. One job runs at a time, so a job is over once another replaced
    /// it, even if it came and went between two looks.
    func follow(jobs count: Int, after baseline: String?, admin: AdminClient, dropout: DropoutSchedule,
                patience: Duration = .seconds(600)) async throws -> [JobStatus] {
        try await whileRunning(dropout: dropout) {
            var ended: [JobStatus] = []
            var current: JobStatus?
            var lastChange = ContinuousClock.now
            while ended.count < count {
                try await Task.sleep(for: .milliseconds(250))
                guard let status = try await admin.lastJob(), let id = status.id, id != baseline else {
                    guard ContinuousClock.now - lastChange < patience else {
                        throw SimulationError("shard 0 started no job within \(patience); is it running against this coordinator?")
                    }
                    continue
                }
                if let previous = current, previous.id != id, previous.state == .running {
                    ended.append(previous)
                    say("\(previous.task.rawValue) job \(previous.id ?? "") ended (replaced by another)")
                }
                if current?.id != id || current?.state != status.state {
                    lastChange = ContinuousClock.now
                    if status.state != .running {
                        ended.append(status)
                        say("\(status.task.rawValue) job \(id) \(status.state.rawValue): \(status.rounds.count) rounds")
                    } else if current?.id != id {
                        say("following \(status.task.rawValue) job \(id) started by shard 0")
                    }
                }
                current = status
                guard status.state == .running || ContinuousClock.now - lastChange < patience else {
                    throw SimulationError("shard 0 started no further job within \(patience) (\(ended.count) of \(count) ended)")
                }
            }
            return ended
        }
    }

    /// Runs every device (dropping out by `dropout`) while `body` runs, stops them however
    /// `body` ends, and summarizes the devices' errors once it returned.
    private func whileRunning<Result>(dropout: DropoutSchedule, _ body: () async throws -> Result) async throws -> Result {
        let flag = DeviceFleet.StopFlag()
        let errors = ErrorTally()
        let running = Task { await DeviceFleet.run(devices, until: flag, dropout: dropout.next(for:)) { _, _, error in
            if let error { await errors.add(error) }
        } }
        let result: Result
        do {
            result = try await body()
        } catch {
            await flag.stop()
            await running.value
            throw error
        }
        await flag.stop()
        await running.value
        await errors.printSummary()
        return result
    }

    /// The job's report, with the same-run centralized baseline (left out with `baselines`
    /// false: a shard's devices are not the data the model was trained on).
    func compare(_ status: JobStatus, job: StartJobRequest, seed: UInt64, modelsOut: ModelFolder? = nil,
                 baselines: Bool = true) async throws -> JobReport {
        var report = JobReport(task: job.task, status: status)
        guard status.state == .completed, let device = devices.first, let key = await device.coordinatorKey else { return report }
        let signed = try await device.client.call("GET", Routes.model(job.task.rawValue))
        let document = try ModelDocument(verifying: signed, with: key)
        try modelsOut?.save(task: job.task.rawValue, signed: signed, key: key)
        if job.task == .kmeans { report.segmentTree = SegmentTreeText.lines(try PublishedSegments(document)) }
        guard baselines else { return report }
        if job.task == .kmeans, let features = job.features,
           let clusters = document.header.metadata["clusters"].flatMap(Int.init) ?? job.clusters {
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
