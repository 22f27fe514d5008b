import CSodium

/// Comparisons whose running time does not depend on where inputs differ.
public enum ConstantTime {
    /// Whether `a` and `b` are equal, in time independent of their contents.
    ///
    /// Both are first hashed to 32 bytes with BLAKE2b so that neither the contents nor
    /// the length of a secret (an admin token, say) leaks through timing.
    public static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.withUnsafeBytes { a in b.withUnsafeBytes { b in equals(a, b) } }
    }

    /// Whether two buffers are equal, in time independent of their contents; see ``equals(_:_:)-([UInt8],_)``.
    public static func equals(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        func digest(_ bytes: UnsafeRawBufferPointer) -> [UInt8]? {
            guard let hasher = try? Blake2b(outputByteCount: 32) else { return nil }
            hasher.update(bytes)
            return try? hasher.finalize()
        }
        guard let left = digest(a), let right = digest(b) else { return false }
        return sodium_memcmp(left, right, left.count) == 0
    }
}
