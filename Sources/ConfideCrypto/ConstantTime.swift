import CSodium

/// Comparisons whose running time does not depend on where inputs differ.
public enum ConstantTime {
    /// Whether `a` and `b` are equal, in time independent of their contents.
    ///
    /// Both are first hashed to 32 bytes with BLAKE2b so that neither the contents nor
    /// the length of a secret (an admin token, say) leaks through timing.
    public static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard let left = try? Digest.blake2b256(a), let right = try? Digest.blake2b256(b) else { return false }
        return sodium_memcmp(left, right, left.count) == 0
    }
}
