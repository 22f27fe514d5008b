/// One share of a secret split with ``Shamir``.
///
/// A share knows its index (the x-coordinate, 1–255) and the threshold of the split,
/// so reconstruction can refuse too few shares instead of returning garbage.
public struct ShamirShare: Sendable {
    /// The share's x-coordinate, 1 to 255.
    public let index: UInt8
    /// How many shares reconstruct the secret.
    public let threshold: UInt8
    /// The y-coordinates, one per byte of the secret.
    let value: SecureBytes

    init(index: UInt8, threshold: UInt8, value: SecureBytes) {
        self.index = index
        self.threshold = threshold
        self.value = value
    }

    /// The length of the shared secret in bytes.
    public var secretByteCount: Int { value.count }

    /// The share as bytes, `index || threshold || value`, in secure memory.
    public func serialized() throws -> SecureBytes {
        try SecureBytes(count: 2 + value.count) { out in
            out[0] = index
            out[1] = threshold
            value.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: out[2...]).copyMemory(from: $0) }
        }
    }

    /// Parses a share produced by ``serialized()``.
    public init(serialized bytes: SecureBytes) throws {
        guard bytes.count >= 3 else {
            throw CryptoError(.invalidLength, "a serialized share is at least 3 bytes, got \(bytes.count)")
        }
        let (index, threshold) = bytes.withUnsafeBytes { ($0[0], $0[1]) }
        guard index != 0 else { throw CryptoError(.inconsistentShares, "share index 0 is invalid (it would be the secret)") }
        guard threshold != 0 else { throw CryptoError(.inconsistentShares, "a share's threshold cannot be 0") }
        self.index = index
        self.threshold = threshold
        value = try bytes.withUnsafeBytes { try SecureBytes(copying: UnsafeRawBufferPointer(rebasing: $0[2...])) }
    }
}
