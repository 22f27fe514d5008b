import ConfidePolicy
import Foundation
import SQLKit

extension ConfideStore {
    /// Everything held on `subject` in one document (GDPR Art. 15 and 20).
    ///
    /// When the store holds something on the subject and `recordRequest` is true, the export
    /// answers the subject's open access requests: each is completed at `instant`, or, when
    /// none is open, the export is recorded as an access request received and completed at
    /// `instant`. Either way the requests appear in the document. For a subject the store
    /// knows nothing about, nothing is written: the answer is an empty document, and no row
    /// is created that would name the subject.
    public func export(subject: Pseudonym, at instant: Date = Date(), recordRequest: Bool = true) async throws -> SubjectExport {
        let at = Timestamp.milliseconds(instant)
        let work: @Sendable (any SQLDatabase) async throws -> SubjectExport = { sql in
            if recordRequest, try await self.holdsData(on: subject, sql: sql) {
                let open = try await sql.raw("""
                    SELECT id FROM requests WHERE subject = \(bind: subject.value) AND kind = \(bind: DataSubjectRequest.Kind.access.rawValue)
                    AND status = \(bind: DataSubjectRequest.Status.received.rawValue) ORDER BY received_at, id
                    """).all().map { try $0.value("id", as: String.self) }
                for id in open.isEmpty ? [try await self.insertRequest(.access, subject: subject, at: at, on: sql).id] : open {
                    try await self.completeAccessRequest(id, subject: subject, at: at, on: sql)
                }
            }
            return try await self.assembleExport(subject: subject, at: at, on: sql)
        }
        return recordRequest ? try await database.write(work) : try await database.read(work)
    }

    /// Whether any row names `subject`: the admin API answers requests about subjects the
    /// store does not hold without leaving a trace of them.
    public func holdsData(on subject: Pseudonym) async throws -> Bool {
        try await database.read { sql in try await self.holdsData(on: subject, sql: sql) }
    }

    func holdsData(on subject: Pseudonym, sql: any SQLDatabase) async throws -> Bool {
        let tables = ["subject_keys", "records", "consent_ledger", "devices", "participations", "requests", "audit_log", "enrolments"]
        for table in tables {
            if try await sql.raw("SELECT 1 AS found FROM \(unsafeRaw: table) WHERE subject = \(bind: subject.value) LIMIT 1").first() != nil {
                return true
            }
        }
        return false
    }

    private func assembleExport(subject: Pseudonym, at: Int64, on sql: any SQLDatabase) async throws -> SubjectExport {
        let records = try await decryptedRecords(of: subject, on: sql).map(exportedRecord)
        let history = try await sql.raw("SELECT * FROM consent_ledger WHERE subject = \(bind: subject.value) ORDER BY seq").all()
            .map(Self.consentEntry)
        var consentNow: [ConsentStatus] = []
        for purpose in policy.purposes where purpose.lawfulBasis.requiresConsent {
            let latest = history.filter { entry in
                guard let payload = entry.payload else { return false }
                return payload.purpose == purpose.key && Timestamp.milliseconds(payload.recordedAt) <= at
            }.max { (Timestamp.milliseconds($0.payload!.recordedAt), $0.seq) < (Timestamp.milliseconds($1.payload!.recordedAt), $1.seq) }
            consentNow.append(try Self.status(subject: subject, purpose: purpose.key, at: at, deciding: latest))
        }
        let devices = try await sql.raw("SELECT * FROM devices WHERE subject = \(bind: subject.value) ORDER BY registered_at, device_id")
            .all().map(Self.deviceRecord)
        let participations = try await sql.raw("""
            SELECT * FROM participations WHERE subject = \(bind: subject.value) ORDER BY recorded_at, round_id, device_id
            """).all().map(Self.participation)
        let requests = try await sql.raw("SELECT * FROM requests WHERE subject = \(bind: subject.value) ORDER BY received_at, id")
            .all().map(Self.request)
        let audited = try await sql.raw("SELECT 1 AS found FROM audit_log WHERE subject = \(bind: subject.value) LIMIT 1").first() != nil
        let hasKey = try await sql.raw("SELECT 1 AS found FROM subject_keys WHERE subject = \(bind: subject.value)").first() != nil
        var epsilon: [String: Double] = [:]
        for participation in participations { epsilon[participation.purpose, default: 0] += participation.epsilon }
        let charged = try await sql.raw("SELECT * FROM rounds").all().map(Self.roundRecord).filter(\.spentEpsilon)
        let cumulative = charged.reduce(0) { $0 + ($1.epsilon ?? 0) }
        let guarantee = SubjectExport.PrivacyGuarantee(
            epsilon: cumulative, delta: policy.training.delta, roundsCharged: charged.count,
            roundsJoined: Set(participations.map(\.roundID)).count,
            statement: cumulative.isFinite
                ? "Every training result released so far is (ε = \(String(format: "%.3f", cumulative)), δ = \(policy.training.delta))-differentially private with respect to you: whether or not your data was used, what was released would be almost as likely. This holds for every person alike, because cohorts are drawn at random; the rounds your devices joined are listed under participations."
                : "A round ran without differential-privacy noise (a measurement run), so no ε guarantee holds for data it used.")
        let holds = !records.isEmpty || !history.isEmpty || !devices.isEmpty || !participations.isEmpty || !requests.isEmpty
            || audited || hasKey
        return SubjectExport(
            generatedAt: Timestamp.date(at), controller: policy.controller, policyVersion: policy.version, subject: subject,
            holdsData: holds, records: records, consentHistory: try history.map(receipt(for:)), consentNow: holds ? consentNow : [],
            devices: devices, participations: participations, epsilonSpent: epsilon, privacyGuarantee: guarantee, requests: requests,
            processing: processingInformation())
    }

    private func exportedRecord(_ record: StoredRecord) -> SubjectExport.Record {
        let kind = policy.kind(record.kind)
        let retention = kind.map(policy.retentionDays(of:)) ?? 0
        return SubjectExport.Record(
            id: record.id, kind: record.kind, createdAt: record.createdAt, fields: record.fields, purposes: kind?.purposes ?? [],
            retentionDays: retention,
            deleteBy: Timestamp.date(Timestamp.adding(days: retention, to: Timestamp.milliseconds(record.createdAt))),
            source: kind?.source ?? "unknown: the kind is no longer declared in the policy")
    }

    /// The Art. 15 information that does not depend on the subject.
    public func processingInformation() -> SubjectExport.Processing {
        let purposes = policy.purposes.map { purpose in
            SubjectExport.PurposeInfo(key: purpose.key, description: purpose.description, lawfulBasis: purpose.lawfulBasis,
                                      dataCategories: purpose.dataCategories, retentionDays: purpose.retentionDays,
                                      tasks: purpose.tasks, recipients: policy.recipients(for: purpose.key).map(\.name))
        }
        let recipients = policy.recipients.map {
            SubjectExport.RecipientInfo(name: $0.name, role: $0.role, purposes: $0.purposes, location: $0.location,
                                        safeguards: $0.safeguards)
        }
        var sources: [String: String] = [:]
        for kind in policy.kinds { sources[kind.key] = kind.source }
        let contact = policy.controller.contact
        return SubjectExport.Processing(
            purposes: purposes, recipients: recipients, sources: sources,
            otherData: [
                "Consent entries: kept as proof of consent (GDPR Art. 7(1)) until you ask for erasure; each is hash-chained and signed.",
                "Devices: the identifier and public key of each device you registered, to authenticate it during training.",
                "Participations: which training rounds your devices contributed to, for which purpose, and the privacy cost (ε) of each.",
                "Requests: your access and erasure requests, with their due and completion times.",
                "Audit log: entries naming you by pseudonym for every change made to your data.",
            ],
            rights: [
                "Rectification (Art. 16), erasure (Art. 17), restriction (Art. 18), portability (Art. 20) and objection (Art. 21): write to \(contact).",
                "Withdraw consent at any time (Art. 7(3)) without affecting processing before the withdrawal.",
                "Lodge a complaint with a supervisory authority (Art. 77).",
            ])
    }
}
