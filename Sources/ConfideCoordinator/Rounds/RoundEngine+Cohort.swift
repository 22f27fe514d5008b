import ConfideAggregation
import ConfideCrypto
import ConfideProtocol
import ConfideStore
import Foundation
import Hummingbird

extension RoundEngine {
    /// Active devices whose subject has consent for `purpose` now.
    func eligibleDevices(purpose: String) async throws -> [DeviceRecord] {
        try await eligible(among: try await store.allDevices(), purpose: purpose)
    }

    /// Those of `devices` a round of `purpose` may invite: active, with a key, not excluded
    /// for misbehaving, and their subject consenting now.
    private func eligible(among devices: [DeviceRecord], purpose: String) async throws -> [DeviceRecord] {
        let consenting = try await store.subjectsWithConsent(purpose: purpose)
        let excluded = Set(misbehaving.map(\.rawValue))
        return devices.filter { device in
            device.status == .active && device.identityKey != nil && device.subject.map(consenting.contains) == true
                && !excluded.contains(device.deviceID)
        }
    }

    /// Device counts by status, and per training purpose of the policy the devices a round could invite now.
    public func deviceSummary() async throws -> DeviceSummary {
        let all = try await store.allDevices()
        var eligible: [String: Int] = [:]
        for purpose in policy.purposes where !purpose.tasks.isEmpty {
            eligible[purpose.key] = try await self.eligible(among: all, purpose: purpose.key).count
        }
        return DeviceSummary(registered: all.count, active: all.filter { $0.status == .active }.count,
                             wipePending: all.filter { $0.status == .wipePending }.count,
                             wiped: all.filter { $0.status == .wiped }.count, eligible: eligible)
    }

    /// Runs one attempt at `planned`: samples the cohort, drives the stages and applies the
    /// result. Never leaves a round open: every path ends completed or aborted.
    func runRound(_ planned: PlannedRound, plan: PrivacyPlan, timeout: Duration, jobID: String) async -> RoundOutcome {
        let purpose = policy.purpose(allowing: planned.task)?.key ?? ""
        let record: RoundRecord
        let cohort: [(DeviceRecord, IdentityPublicKey)]
        do {
            cohort = try Self.sampleCohort(try await eligibleDevices(purpose: purpose), rate: plan.samplingRate)
            let base = try await store.latestModel(task: planned.task)?.version
            record = try await store.beginRound(task: planned.task, cohortSize: cohort.count, baseVersion: base,
                                                stage: RoundPhase.advertise.rawValue, jobID: jobID)
        } catch {
            logger.error("a round could not begin", metadata: ["error": "\(error)"])
            return .aborted("the round could not begin: \(error)")
        }
        let minimum = max(2, policy.training.minCohort)
        guard cohort.count >= minimum else {
            let reason = "only \(cohort.count) devices were sampled; the policy's minimum cohort is \(policy.training.minCohort)"
            try? await store.abortRound(record.id, reason: reason)
            return .aborted(reason)
        }
        do {
            round = try makeRound(record: record, planned: planned, plan: plan, cohort: cohort)
        } catch {
            let reason = "the round could not be configured: \(error)"
            try? await store.abortRound(record.id, reason: reason)
            return .aborted(reason)
        }
        announceChange()
        return await driveStages(timeout: timeout)
    }

    /// Poisson sampling of subjects, as the accountant's amplification by sampling assumes:
    /// each subject with an eligible device joins independently with probability `rate`,
    /// through their most recently registered device (ties: the greater id). A subject never
    /// contributes twice to a sum, so the differential privacy is per person, not per device.
    /// The newest device rather than a random one: a replaced phone stays registered until
    /// erasure, and a cohort drawn half from such silent devices cannot finish a round.
    static func sampleCohort(_ eligible: [DeviceRecord], rate: Double) throws -> [(DeviceRecord, IdentityPublicKey)] {
        var newest: [Pseudonym: DeviceRecord] = [:]
        var order: [Pseudonym] = []
        for device in eligible where device.identityKey != nil {
            guard let subject = device.subject else { continue }
            guard let held = newest[subject] else {
                order.append(subject)
                newest[subject] = device
                continue
            }
            if (held.registeredAt, held.deviceID) < (device.registeredAt, device.deviceID) { newest[subject] = device }
        }
        let threshold = UInt64((rate * 0x1p53).rounded())
        var cohort: [(DeviceRecord, IdentityPublicKey)] = []
        for subject in order where try SecureRandom.uniform(below: UInt64(1) << 53) < threshold {
            let chosen = newest[subject]!
            if let key = chosen.identityKey { cohort.append((chosen, key)) }
        }
        return cohort
    }

    private func makeRound(record: RoundRecord, planned: PlannedRound, plan: PrivacyPlan,
                           cohort: [(DeviceRecord, IdentityPublicKey)]) throws -> ActiveRound {
        let members = try cohort.map { try CohortMember(id: DeviceID(validating: $0.0.deviceID), identityKey: $0.1) }
        let n = members.count
        // Devices calibrate noise to the inputs guaranteed to arrive; fewer aborts the round.
        let minimumInputs = min(n, max(policy.training.minCohort, Int((Double(n) * PrivacyPlan.survivalShare).rounded(.up))))
        let clip = policy.training.clipNorm * planned.sensitivity
        // Room for the clipped value plus ten standard deviations of a device's discrete noise.
        let quantization = try QuantizationParameters.fitting(
            clipNorm: clip, valueBound: clip * planned.coordinateBound, noiseMultiplier: plan.noiseMultiplier,
            vectorLength: planned.work.vectorLength, minimumCohort: minimumInputs, devices: n)
        let roundID = try SecureRandom.uniform(below: UInt64.max)
        let configuration = try RoundConfiguration(
            roundID: roundID, roundSeed: SecureRandom.bytes(count: RoundConfiguration.seedByteCount), cohort: members,
            vectorLength: planned.work.vectorLength, minimumInputs: minimumInputs, quantization: quantization,
            noiseMultiplier: plan.noiseMultiplier)
        let document = ModelDocument(
            task: planned.task.rawValue, version: record.baseVersion ?? -1, round: record.id, work: planned.work,
            metadata: ["sealing_key": Data(keys.sealing.publicKey.bytes).base64EncodedString()],
            parameters: planned.parameters, attachment: configuration.serialized())
        var subjects: [DeviceID: Pseudonym] = [:]
        for (member, device) in zip(members, cohort) { subjects[member.id] = device.0.subject }
        let now = ContinuousClock.now
        return ActiveRound(record: record, planned: planned, configuration: configuration,
                           workOrder: ByteBuffer(bytes: try document.signed(by: keys.identity)), subjects: subjects,
                           samplingRate: plan.samplingRate, started: now, quorumShare: self.configuration.stageQuorum, server: try SecAggServer(configuration: configuration),
                           phaseStarted: now, lastMessage: now)
    }
}
