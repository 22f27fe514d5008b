import ConfideAggregation
import ConfideCrypto
import ConfideProtocol
import ConfideStore
import Foundation

extension RoundEngine {
    /// Active devices whose subject has consent for `purpose` now.
    func eligibleDevices(purpose: String) async throws -> [DeviceRecord] {
        let consenting = try await store.subjectsWithConsent(purpose: purpose)
        return try await store.allDevices().filter { device in
            device.status == .active && device.identityKey != nil && device.subject.map(consenting.contains) == true
        }
    }

    /// Runs one attempt at `planned`: samples the cohort, drives the stages and applies the
    /// result. Never leaves a round open: every path ends completed or aborted.
    func runRound(_ planned: PlannedRound, plan: PrivacyPlan, timeout: Duration) async -> RoundOutcome {
        let purpose = policy.purpose(allowing: planned.task)?.key ?? ""
        let record: RoundRecord
        let cohort: [(DeviceRecord, IdentityPublicKey)]
        do {
            // Poisson sampling: each eligible device joins independently with probability q,
            // as the accountant's amplification by sampling assumes.
            let threshold = UInt64((plan.samplingRate * 0x1p53).rounded())
            cohort = try await eligibleDevices(purpose: purpose).compactMap { device in
                guard let key = device.identityKey else { return nil }
                return try SecureRandom.uniform(below: UInt64(1) << 53) < threshold ? (device, key) : nil
            }
            let base = try await store.latestModel(task: planned.task)?.version
            record = try await store.beginRound(task: planned.task, cohortSize: cohort.count, baseVersion: base,
                                                stage: RoundPhase.advertise.rawValue)
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

    private func makeRound(record: RoundRecord, planned: PlannedRound, plan: PrivacyPlan,
                           cohort: [(DeviceRecord, IdentityPublicKey)]) throws -> ActiveRound {
        let members = try cohort.map { try CohortMember(id: DeviceID(validating: $0.0.deviceID), identityKey: $0.1) }
        let n = members.count
        // Devices calibrate noise to the inputs guaranteed to arrive; fewer aborts the round.
        let minimumInputs = min(n, max(policy.training.minCohort, Int((Double(n) * PrivacyPlan.survivalShare).rounded(.up))))
        let clip = policy.training.clipNorm * planned.sensitivity
        let noisePerDevice = plan.noiseMultiplier * clip / Double(minimumInputs).squareRoot()
        // Room for the clipped value plus six standard deviations of a device's noise.
        let bound = clip * planned.coordinateBound + 6 * noisePerDevice
        let quantization = try QuantizationParameters.fitting(clipNorm: clip, bound: bound, devices: n)
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
                           workOrder: try document.signed(by: keys.identity), subjects: subjects,
                           samplingRate: plan.samplingRate, started: now, server: try SecAggServer(configuration: configuration),
                           phaseStarted: now, lastMessage: now)
    }
}
