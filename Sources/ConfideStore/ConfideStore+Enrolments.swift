import ConfideCrypto
import Foundation
import SQLKit

extension ConfideStore {
    /// How long an enrolment code is accepted after it is issued: 15 minutes.
    public static let enrolmentLifetime: TimeInterval = 15 * 60

    /// Issues a one-time enrolment code for `subject`, valid for ``enrolmentLifetime``.
    ///
    /// Only the code's hash is stored; the code itself is returned once and never logged.
    /// Expired codes of every subject are deleted on the way.
    public func issueEnrolment(subject: Pseudonym, at instant: Date = Date()) async throws -> (code: String, expiresAt: Date) {
        let code = Hex.encode(try SecureRandom.bytes(count: 16))
        let hash = try Self.enrolmentHash(code)
        let at = Timestamp.milliseconds(instant)
        let expires = Timestamp.milliseconds(instant.addingTimeInterval(Self.enrolmentLifetime))
        try await database.write { sql in
            try await sql.raw("DELETE FROM enrolments WHERE used_at IS NULL AND expires_at <= \(bind: at)").run()
            try await sql.raw("""
                INSERT INTO enrolments (code_hash, subject, created_at, expires_at)
                VALUES (\(bind: Data(hash)), \(bind: subject.value), \(bind: at), \(bind: expires))
                """).run()
            try await self.appendAudit(action: "enrolment.issue", subject: subject, details: [:], at: at, on: sql)
        }
        return (code, Timestamp.date(expires))
    }

    /// Registers a device with an enrolment code, in one transaction: the code must be
    /// unused and unexpired, its subject must hold fewer than `maxDevices` active devices,
    /// and the device id must be new (or already this subject's with this key, which is a
    /// no-op that leaves the code unused). The code is spent; its subject becomes the device's.
    ///
    /// Throws ``StoreError/Kind/refused`` for an invalid code or a subject at its device cap;
    /// nothing is stored then.
    @discardableResult
    public func registerDevice(_ deviceID: String, enrolmentCode code: String, publicKey: IdentityPublicKey, maxDevices: Int,
                               at instant: Date = Date()) async throws -> DeviceRecord {
        guard !deviceID.isEmpty, deviceID.count <= 128 else {
            throw StoreError(.invalidArgument, "a device id must have 1 to 128 characters")
        }
        let hash = try Self.enrolmentHash(code)
        let at = Timestamp.milliseconds(instant)
        return try await database.write { sql in
            // Claiming the code and reading its subject is one statement, so two devices
            // presenting the same code cannot both succeed.
            guard let row = try await sql.raw("""
                UPDATE enrolments SET used_at = \(bind: at), device_id = \(bind: deviceID)
                WHERE code_hash = \(bind: Data(hash)) AND used_at IS NULL AND expires_at > \(bind: at)
                RETURNING subject
                """).first() else {
                throw StoreError(.refused, "the enrolment code is not valid: unknown, already used or expired; ask the service you signed in with for a new one")
            }
            let subject = Pseudonym(unchecked: try row.value("subject", as: String.self))
            if let existing = try await self.device(deviceID, on: sql) {
                guard existing.status == .active, existing.subject == subject, existing.publicKey == Hex.encode(publicKey.bytes) else {
                    throw StoreError(.conflict, "device id \(deviceID) is already registered")
                }
                throw StoreError(.conflict, "device \(deviceID) is already registered for this subject; keep the code for another device")
            }
            let active = try await sql.raw("""
                SELECT COUNT(*) AS n FROM devices WHERE subject = \(bind: subject.value)
                AND status = \(bind: DeviceRecord.Status.active.rawValue)
                """).first()?.value("n", as: Int64.self) ?? 0
            guard active < Int64(maxDevices) else {
                throw StoreError(.refused, "the subject already has \(active) registered devices, the policy's limit; remove one first")
            }
            return try await self.insertDevice(deviceID, subject: subject, publicKey: publicKey, at: at, on: sql)
        }
    }

    /// The stored form of a code: BLAKE2b-256 under a domain label. Codes carry 128 random
    /// bits, so the hash cannot be inverted by guessing.
    static func enrolmentHash(_ code: String) throws -> [UInt8] {
        try Digest.blake2b256(Array("confide-enrolment-code-v1\n\(code)".utf8))
    }
}
