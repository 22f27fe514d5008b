import ConfideCrypto
import Foundation
import SQLKit

/// Walks one hash chain and reports the first entry that fails a check.
///
/// For every entry: sequence numbers run 1, 2, 3… without gaps; the previous hash is the
/// entry before's hash; the payload (when not redacted) hashes to the stored payload hash;
/// the entry hash is recomputed; the signature verifies under the coordinator's key. A
/// redacted entry must have all of its payload removed. Finally the chain's head row must
/// name the last entry.
struct ChainVerifier {
    let chain: HashChain
    let publicKey: IdentityPublicKey
    let table: String
    /// The payload fields of a row, in hashing order, or `nil` if the row is redacted.
    let payloadFields: (any SQLRow) throws -> [String]?
    /// Columns that must all be NULL in a redacted row.
    let payloadColumns: [String]

    func verify(on sql: any SQLDatabase) async throws -> IntegrityReport.Chain {
        let rows = try await sql.raw("SELECT * FROM \(unsafeRaw: table) ORDER BY seq").all()
        var previous = HashChain.genesis
        var redacted = 0
        var expectedSeq: Int64 = 1
        func broken(_ seq: Int64, _ reason: String) -> IntegrityReport.Chain {
            IntegrityReport.Chain(name: chain.name, entries: rows.count, redacted: redacted, headHash: Hex.encode(previous),
                                  firstBroken: .init(seq: seq, reason: reason))
        }
        for row in rows {
            let seq = try row.value("seq", as: Int64.self)
            guard seq == expectedSeq else { return broken(seq, "expected entry \(expectedSeq) here: an entry was removed or inserted") }
            let stored = try row.bytes("entry_hash")
            guard try row.bytes("prev_hash") == previous else {
                return broken(seq, "its previous hash does not match entry \(seq - 1): an entry before it was changed or removed")
            }
            let payloadHash = try row.bytes("payload_hash")
            if let fields = try payloadFields(row) {
                guard let salt = try row.optionalBytes("salt"), try chain.payloadHash(salt: salt, fields: fields) == payloadHash else {
                    return broken(seq, "its content does not match its payload hash: the entry was edited")
                }
            } else {
                for column in payloadColumns where !(try row.decodeNil(column: column)) {
                    return broken(seq, "it is partly redacted (\(column) remains): the entry was edited")
                }
                redacted += 1
            }
            guard try chain.entryHash(seq: seq, previous: previous, payloadHash: payloadHash) == stored else {
                return broken(seq, "its entry hash is wrong: the entry's hashes were edited")
            }
            guard publicKey.isValidSignature(try row.bytes("signature"), for: chain.signedMessage(entryHash: stored)) else {
                return broken(seq, "its signature does not verify under the coordinator's key: the entry was forged")
            }
            previous = stored
            expectedSeq += 1
        }
        guard let head = try await sql.raw("SELECT seq, head_hash FROM chain_heads WHERE chain = \(bind: chain.name)").first(),
              try head.value("seq", as: Int64.self) == Int64(rows.count), try head.bytes("head_hash") == previous else {
            return broken(Int64(rows.count + 1), "the chain's head does not name its last entry: entries were removed from the end or the head was edited")
        }
        return IntegrityReport.Chain(name: chain.name, entries: rows.count, redacted: redacted, headHash: Hex.encode(previous),
                                     firstBroken: nil)
    }
}
