/// Unkeyed hashes for content addressing and hash chains.
public enum Digest {
    /// The 32-byte BLAKE2b digest of `bytes`.
    public static func blake2b256(_ bytes: [UInt8]) throws -> [UInt8] {
        let hasher = try Blake2b(outputByteCount: 32)
        hasher.update(bytes)
        return try hasher.finalize()
    }

    /// The 32-byte BLAKE2b digest of a sequence of fields, each length-prefixed so that
    /// `["ab", "c"]` and `["a", "bc"]` hash differently.
    public static func blake2b256(fields: [[UInt8]]) throws -> [UInt8] {
        let hasher = try Blake2b(outputByteCount: 32)
        for field in fields { hasher.updateField(field) }
        return try hasher.finalize()
    }
}
