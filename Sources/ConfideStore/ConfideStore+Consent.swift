import ConfideCrypto
import ConfidePolicy
import Foundation
import SQLKit

extension ConfideStore {
    /// Records that `subject` grants consent for `purpose`, and returns the signed receipt.
    ///
    /// The purpose must be declared with the lawful basis `consent`, and the channel and
    /// method must be among the policy's. The entry records the policy version, the hash of
    /// the purpose's notice and, if the policy limits validity, when the grant expires.
    @discardableResult
    public func grantConsent(subject: Pseudonym, purpose: String, channel: String, method: String,
                             at instant: Date = Date()) async throws -> ConsentReceipt {
        try await appendConsent(.grant, subject: subject, purpose: purpose, channel: channel, method: method, at: instant)
    }

    /// Records that `subject` withdraws consent for `purpose`, and returns the signed receipt.
    @discardableResult
    public func withdrawConsent(subject: Pseudonym, purpose: String, channel: String, method: String,
                                at instant: Date = Date()) async throws -> ConsentReceipt {
        try await appendConsent(.withdraw, subject: subject, purpose: purpose, channel: channel, method: method, at: instant)
    }

    /// Whether `subject` consents to `purpose` at `instant`: decided by the latest entry
    /// recorded at or before it, and whether that grant had expired.
    public func consentStatus(subject: Pseudonym, purpose: String, at instant: Date = Date()) async throws -> ConsentStatus {
        try consentPurpose(purpose)
        let at = Timestamp.milliseconds(instant)
        return try await database.read { sql in
            let row = try await sql.raw("""
                SELECT * FROM consent_ledger WHERE subject = \(bind: subject.value) AND purpose = \(bind: purpose)
                AND recorded_at <= \(bind: at) ORDER BY recorded_at DESC, seq DESC LIMIT 1
                """).first()
            return try Self.status(subject: subject, purpose: purpose, at: at, deciding: row.map(Self.consentEntry))
        }
    }

    /// The status of every consent-based purpose for `subject` at `instant`.
    public func consentStatuses(subject: Pseudonym, at instant: Date = Date()) async throws -> [ConsentStatus] {
        var result: [ConsentStatus] = []
        for purpose in policy.purposes where purpose.lawfulBasis.requiresConsent {
            result.append(try await consentStatus(subject: subject, purpose: purpose.key, at: instant))
        }
        return result
    }

    /// Every ledger entry of `subject`, in ledger order.
    public func consentHistory(subject: Pseudonym) async throws -> [ConsentEntry] {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM consent_ledger WHERE subject = \(bind: subject.value) ORDER BY seq").all()
                .map(Self.consentEntry)
        }
    }

    /// The whole ledger in order, redacted entries included (with no payload).
    public func consentEntries() async throws -> [ConsentEntry] {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM consent_ledger ORDER BY seq").all().map(Self.consentEntry)
        }
    }

    /// The subjects whose consent for `purpose` is granted at `instant`: the eligible cohort.
    public func subjectsWithConsent(purpose: String, at instant: Date = Date()) async throws -> Set<Pseudonym> {
        try consentPurpose(purpose)
        let at = Timestamp.milliseconds(instant)
        let entries = try await database.read { sql in
            try await sql.raw("""
                SELECT * FROM consent_ledger WHERE purpose = \(bind: purpose) AND recorded_at <= \(bind: at)
                ORDER BY recorded_at, seq
                """).all().map(Self.consentEntry)
        }
        var latest: [Pseudonym: ConsentEntry] = [:]
        for entry in entries {
            if let subject = entry.payload?.subject { latest[subject] = entry }
        }
        return Set(try latest.filter { try Self.status(subject: $0.key, purpose: purpose, at: at, deciding: $0.value).isGranted }.keys)
    }

    /// The signed receipt of a ledger entry (Ed25519 signatures are deterministic, so this
    /// is the receipt given when the entry was recorded).
    public func receipt(for entry: ConsentEntry) throws -> ConsentReceipt {
        guard let payload = entry.payload else {
            throw StoreError(.notFound, "consent entry \(entry.seq) was redacted by an erasure; it has no receipt any more")
        }
        return try ConsentReceipt.sign(controller: policy.controller.name, seq: entry.seq, entryHash: entry.entryHash,
                                       entry: payload, key: keys.signingKey)
    }

    @discardableResult
    private func consentPurpose(_ key: String) throws -> Purpose {
        guard let purpose = policy.purpose(key) else {
            throw StoreError(.unknownPurpose, "purpose '\(key)' is not declared in the policy; declared purposes: \(policy.purposes.map(\.key).joined(separator: ", "))")
        }
        guard purpose.lawfulBasis.requiresConsent else {
            throw StoreError(.invalidArgument, "purpose '\(key)' rests on \(purpose.lawfulBasis.rawValue), not consent; there is no consent to record")
        }
        return purpose
    }

    private func appendConsent(_ action: ConsentAction, subject: Pseudonym, purpose key: String, channel: String, method: String,
                               at instant: Date) async throws -> ConsentReceipt {
        let purpose = try consentPurpose(key)
        guard policy.consent.channels.contains(channel) else {
            throw StoreError(.unknownPurpose, "consent channel '\(channel)' is not declared; the policy allows: \(policy.consent.channels.joined(separator: ", "))")
        }
        guard policy.consent.methods.contains(method) else {
            throw StoreError(.unknownPurpose, "consent method '\(method)' is not declared; the policy allows: \(policy.consent.methods.joined(separator: ", "))")
        }
        let at = Timestamp.milliseconds(instant)
        let expires = action == .grant ? policy.consent.validityDays.map { Timestamp.adding(days: $0, to: at) } : nil
        let noticeHash = Hex.encode(try Digest.blake2b256(Array((purpose.notice ?? "").utf8)))
        let payload = ConsentEntry.Payload(subject: subject, purpose: key, action: action, policyVersion: policy.version,
                                           noticeHash: noticeHash, channel: channel, method: method,
                                           recordedAt: Timestamp.date(at), expiresAt: expires.map(Timestamp.date))
        let entry = try await database.write { sql in
            let link = try await HashChain.consent.nextLink(fields: Self.consentFields(payload), signer: self.keys.signingKey, on: sql)
            try await sql.raw("""
                INSERT INTO consent_ledger (seq, prev_hash, payload_hash, entry_hash, signature, salt, subject, purpose, action,
                                            policy_version, notice_hash, channel, method, recorded_at, expires_at)
                VALUES (\(bind: link.seq), \(bind: Data(link.previous)), \(bind: Data(link.payloadHash)), \(bind: Data(link.entryHash)),
                        \(bind: Data(link.signature)), \(bind: Data(link.salt)), \(bind: subject.value), \(bind: key),
                        \(bind: action.rawValue), \(bind: payload.policyVersion), \(bind: noticeHash), \(bind: channel),
                        \(bind: method), \(bind: at), \(bind: expires))
                """).run()
            try await HashChain.consent.advance(to: link, on: sql)
            try await self.appendAudit(action: "consent.\(action.rawValue)", subject: subject,
                                       details: ["purpose": key, "channel": channel, "consent_seq": String(link.seq)], at: at, on: sql)
            return ConsentEntry(seq: link.seq, entryHash: Hex.encode(link.entryHash), payload: payload)
        }
        return try receipt(for: entry)
    }

    /// The payload fields a consent entry's hash covers, in order.
    static func consentFields(_ payload: ConsentEntry.Payload) -> [String] {
        [payload.subject.value, payload.purpose, payload.action.rawValue, payload.policyVersion, payload.noticeHash,
         payload.channel, payload.method, String(Timestamp.milliseconds(payload.recordedAt)),
         payload.expiresAt.map { String(Timestamp.milliseconds($0)) } ?? ""]
    }

    static func consentEntry(_ row: any SQLRow) throws -> ConsentEntry {
        let seq = try row.value("seq", as: Int64.self)
        let hash = Hex.encode(try row.bytes("entry_hash"))
        guard let subject = try row.value("subject", as: String?.self),
              let purpose = try row.value("purpose", as: String?.self),
              let actionName = try row.value("action", as: String?.self),
              let recordedAt = try row.value("recorded_at", as: Int64?.self) else {
            return ConsentEntry(seq: seq, entryHash: hash, payload: nil)
        }
        guard let action = ConsentAction(rawValue: actionName) else {
            throw StoreError(.integrity, "consent entry \(seq) has an unknown action")
        }
        let payload = ConsentEntry.Payload(
            subject: Pseudonym(unchecked: subject), purpose: purpose, action: action,
            policyVersion: try row.value("policy_version", as: String?.self) ?? "",
            noticeHash: try row.value("notice_hash", as: String?.self) ?? "",
            channel: try row.value("channel", as: String?.self) ?? "", method: try row.value("method", as: String?.self) ?? "",
            recordedAt: Timestamp.date(recordedAt), expiresAt: try row.value("expires_at", as: Int64?.self).map(Timestamp.date))
        return ConsentEntry(seq: seq, entryHash: hash, payload: payload)
    }

    static func status(subject: Pseudonym, purpose: String, at: Int64, deciding entry: ConsentEntry?) throws -> ConsentStatus {
        let instant = Timestamp.date(at)
        guard let entry, let payload = entry.payload else {
            return ConsentStatus(subject: subject, purpose: purpose, at: instant, state: .never, since: nil, expiresAt: nil, seq: nil)
        }
        let state: ConsentStatus.State
        switch payload.action {
        case .withdraw: state = .withdrawn
        case .grant: state = payload.expiresAt.map { Timestamp.milliseconds($0) <= at } == true ? .expired : .granted
        }
        return ConsentStatus(subject: subject, purpose: purpose, at: instant, state: state, since: payload.recordedAt,
                             expiresAt: payload.expiresAt, seq: entry.seq)
    }
}
