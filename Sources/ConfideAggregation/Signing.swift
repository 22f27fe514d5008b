import ConfideCrypto

/// What devices sign: BLAKE2b-256 over a domain label, the round configuration's digest
/// and the message bytes before the signature.
///
/// Binding the configuration digest means a message signed for one round (or one
/// cohort, graph or vector length) can never be accepted in another, even if round ids
/// were reused; hashing first means a 400 KB masked vector is hashed once, by BLAKE2b.
enum Signing {
    static let signatureByteCount = IdentityPublicKey.signatureByteCount
    private static let domain = Array("confide.secagg.v1.signature".utf8)

    static func transcript(_ configuration: RoundConfiguration, _ unsigned: [UInt8]) throws(AggregationError) -> [UInt8] {
        try crypto("message digest") { try Digest.blake2b256(fields: [domain, configuration.digest, unsigned]) }
    }

    static func sign(_ unsigned: [UInt8], with identity: IdentityKey,
                     _ configuration: RoundConfiguration) throws(AggregationError) -> [UInt8] {
        let digest = try transcript(configuration, unsigned)
        return try crypto("signing") { try identity.signature(for: digest) }
    }

    /// Throws ``AggregationError/Kind/invalidSignature`` unless `signature` is `sender`'s.
    static func verify(_ signature: [UInt8], over unsigned: [UInt8], sender: Int, what: Wire.Kind,
                       _ configuration: RoundConfiguration) throws(AggregationError) {
        let member = try configuration.member(sender, "sender")
        let digest = try transcript(configuration, unsigned)
        guard member.identityKey.isValidSignature(signature, for: digest) else {
            throw AggregationError(.invalidSignature,
                                   "the \(what) signature does not verify under the sender's identity key (forged, altered, or from another round configuration)",
                                   device: member.id)
        }
    }
}
