import ConfideCrypto
import Foundation
import SQLKit

extension ConfideStore {
    /// Registers a device of `subject` with its Ed25519 identity key.
    ///
    /// Registering the same device again with the same subject and key is a no-op.
    /// Refused (``StoreError/Kind/refused``) for a device whose subject was erased: it must
    /// wipe itself and will not be accepted again. A device id already used by another
    /// subject or key is a ``StoreError/Kind/conflict``.
    @discardableResult
    public func registerDevice(_ deviceID: String, subject: Pseudonym, publicKey: IdentityPublicKey,
                               at instant: Date = Date()) async throws -> DeviceRecord {
        guard !deviceID.isEmpty, deviceID.count <= 128 else {
            throw StoreError(.invalidArgument, "a device id must have 1 to 128 characters")
        }
        let at = Timestamp.milliseconds(instant)
        return try await database.write { sql in
            if let existing = try await self.device(deviceID, on: sql) {
                guard existing.status == .active else {
                    throw StoreError(.refused, "device \(deviceID) belonged to an erased subject and may not register again")
                }
                guard existing.subject == subject, existing.publicKey == Hex.encode(publicKey.bytes) else {
                    throw StoreError(.conflict, "device id \(deviceID) is already registered with another subject or key")
                }
                return existing
            }
            return try await self.insertDevice(deviceID, subject: subject, publicKey: publicKey, at: at, on: sql)
        }
    }

    /// The device with `deviceID`, if known.
    public func device(_ deviceID: String) async throws -> DeviceRecord? {
        try await database.read { sql in try await self.device(deviceID, on: sql) }
    }

    /// The devices of `subject`.
    public func devices(of subject: Pseudonym) async throws -> [DeviceRecord] {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM devices WHERE subject = \(bind: subject.value) ORDER BY registered_at, device_id").all()
                .map(Self.deviceRecord)
        }
    }

    /// Every device, for audits.
    public func allDevices() async throws -> [DeviceRecord] {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM devices ORDER BY registered_at, device_id").all().map(Self.deviceRecord)
        }
    }

    /// Records that a device wiped its local data after a wipe instruction: its key is
    /// forgotten and it stays refused. Confirming twice is a no-op.
    public func confirmWipe(_ deviceID: String, at instant: Date = Date()) async throws {
        let at = Timestamp.milliseconds(instant)
        try await database.write { sql in
            guard let device = try await self.device(deviceID, on: sql) else {
                throw StoreError(.notFound, "no device \(deviceID)")
            }
            switch device.status {
            case .wiped: return
            case .active: throw StoreError(.conflict, "device \(deviceID) was not asked to wipe")
            case .wipePending:
                try await sql.raw("""
                    UPDATE devices SET status = \(bind: DeviceRecord.Status.wiped.rawValue), public_key = NULL,
                    wipe_confirmed_at = \(bind: at) WHERE device_id = \(bind: deviceID)
                    """).run()
                try await self.appendAudit(action: "device.wiped", subject: nil, details: ["device": deviceID], at: at, on: sql)
            }
        }
    }

    /// Inserts an active device and audits it, inside the caller's transaction.
    func insertDevice(_ deviceID: String, subject: Pseudonym, publicKey: IdentityPublicKey, at: Int64,
                      on sql: any SQLDatabase) async throws -> DeviceRecord {
        try await sql.raw("""
            INSERT INTO devices (device_id, subject, public_key, registered_at, status)
            VALUES (\(bind: deviceID), \(bind: subject.value), \(bind: Data(publicKey.bytes)), \(bind: at),
                    \(bind: DeviceRecord.Status.active.rawValue))
            """).run()
        try await appendAudit(action: "device.register", subject: subject, details: ["device": deviceID], at: at, on: sql)
        return DeviceRecord(deviceID: deviceID, subject: subject, publicKey: Hex.encode(publicKey.bytes),
                            registeredAt: Timestamp.date(at), status: .active, wipeRequestedAt: nil, wipeConfirmedAt: nil)
    }

    func device(_ deviceID: String, on sql: any SQLDatabase) async throws -> DeviceRecord? {
        try await sql.raw("SELECT * FROM devices WHERE device_id = \(bind: deviceID)").first().map(Self.deviceRecord)
    }

    static func deviceRecord(_ row: any SQLRow) throws -> DeviceRecord {
        guard let status = DeviceRecord.Status(rawValue: try row.value("status")) else {
            throw StoreError(.integrity, "a device row has an unknown status")
        }
        return DeviceRecord(
            deviceID: try row.value("device_id"), subject: try row.value("subject", as: String?.self).map(Pseudonym.init(unchecked:)),
            publicKey: try row.optionalBytes("public_key").map { Hex.encode($0) },
            registeredAt: Timestamp.date(try row.value("registered_at")), status: status,
            wipeRequestedAt: try row.value("wipe_requested_at", as: Int64?.self).map(Timestamp.date),
            wipeConfirmedAt: try row.value("wipe_confirmed_at", as: Int64?.self).map(Timestamp.date))
    }
}
