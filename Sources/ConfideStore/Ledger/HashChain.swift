import ConfideCrypto
import Foundation
import SQLKit

/// The hash chain shared by the consent ledger and the audit log.
///
/// Entry `n` stores `payload_hash = BLAKE2b(chain, salt, payload fields…)`,
/// `entry_hash = BLAKE2b(chain, n, entry_hash(n-1), payload_hash)` and an Ed25519 signature
/// of the entry hash by the coordinator's key. The random salt makes the payload hash
/// unlinkable once the payload is erased: the hash stays (so the chain still verifies) but
/// nobody can test a guessed payload against it. Signatures mean that rewriting the chain
/// after an edit needs the signing key, not just a hash function.
struct HashChain: Sendable {
    /// The chain's name, also its domain separator: `consent` or `audit`.
    let name: String

    static let consent = HashChain(name: "consent")
    static let audit = HashChain(name: "audit")

    /// The previous hash of the first entry.
    static let genesis = [UInt8](repeating: 0, count: 32)
    static let saltByteCount = 16

    func payloadHash(salt: [UInt8], fields: [String]) throws -> [UInt8] {
        try Digest.blake2b256(fields: [Array("confide.\(name).payload.v1".utf8), salt] + fields.map { Array($0.utf8) })
    }

    func entryHash(seq: Int64, previous: [UInt8], payloadHash: [UInt8]) throws -> [UInt8] {
        var index = UInt64(seq).littleEndian
        let seqBytes = withUnsafeBytes(of: &index) { Array($0) }
        return try Digest.blake2b256(fields: [Array("confide.\(name).entry.v1".utf8), seqBytes, previous, payloadHash])
    }

    func signedMessage(entryHash: [UInt8]) -> [UInt8] {
        Array("confide.\(name).signature.v1:".utf8) + entryHash
    }

    /// A link ready to insert: the sequence number and the hashes and signature for it.
    struct Link: Sendable {
        let seq: Int64
        let previous: [UInt8]
        let salt: [UInt8]
        let payloadHash: [UInt8]
        let entryHash: [UInt8]
        let signature: [UInt8]
    }

    /// Locks the chain's head for the rest of the transaction and builds the next link for `fields`.
    ///
    /// The `UPDATE` takes PostgreSQL's row lock, so concurrent appenders queue here and
    /// each then reads the head its predecessor committed; SQLite's write transaction is
    /// already exclusive.
    func nextLink(fields: [String], signer: IdentityKey, on sql: any SQLDatabase) async throws -> Link {
        try await sql.raw("UPDATE chain_heads SET seq = seq WHERE chain = \(bind: name)").run()
        guard let head = try await sql.raw("SELECT seq, head_hash FROM chain_heads WHERE chain = \(bind: name)").first() else {
            throw StoreError(.schema, "the \(name) chain has no head row; the database was modified outside Confide")
        }
        let seq = try head.value("seq", as: Int64.self) + 1
        let previous = try head.bytes("head_hash")
        let salt = try SecureRandom.bytes(count: Self.saltByteCount)
        let payload = try payloadHash(salt: salt, fields: fields)
        let entry = try entryHash(seq: seq, previous: previous, payloadHash: payload)
        let signature = try signer.signature(for: signedMessage(entryHash: entry))
        return Link(seq: seq, previous: previous, salt: salt, payloadHash: payload, entryHash: entry, signature: signature)
    }

    /// Moves the head to `link` (in the same transaction as the entry's insert).
    func advance(to link: Link, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            UPDATE chain_heads SET seq = \(bind: link.seq), head_hash = \(bind: Data(link.entryHash)) WHERE chain = \(bind: name)
            """).run()
    }

    /// Creates the head rows of both chains if missing.
    static func seedHeads(on sql: any SQLDatabase) async throws {
        for chain in [consent, audit] {
            try await sql.raw("""
                INSERT INTO chain_heads (chain, seq, head_hash) VALUES (\(bind: chain.name), \(bind: Int64(0)), \(bind: Data(genesis)))
                ON CONFLICT (chain) DO NOTHING
                """).run()
        }
    }
}
