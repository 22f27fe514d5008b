import CSodium

/// A fixed-size buffer for secret bytes that is locked in memory while alive and zeroed
/// when released.
///
/// The bytes are reachable only inside a scoped closure, so they cannot escape by
/// accident into arrays, logs or string interpolation (``description`` is redacted).
///
/// Storage is an ordinary heap block passed to `sodium_mlock` (which also excludes it
/// from core dumps) and released with `sodium_munlock`, which zeroes it first. We do not
/// use `sodium_malloc` here: each of its allocations costs three memory mappings and
/// 16 KiB of address space for guard pages, and a simulation with ten thousand devices
/// holding several keys each would exhaust the kernel's mapping limit (65,530 by default).
/// When the memory-lock limit is reached, locking fails silently but zeroing still happens.
public final class SecureBytes: @unchecked Sendable, CustomStringConvertible {
    // Immutable after init: the pointer is written only inside the initialiser, which
    // makes sharing across tasks safe.
    private let pointer: UnsafeMutableRawPointer
    /// The number of bytes held.
    public let count: Int

    /// Allocates `count` bytes and lets `initializer` fill them.
    ///
    /// If `initializer` throws, the memory is zeroed and released before the error propagates.
    public init(count: Int, initializingWith initializer: (UnsafeMutableRawBufferPointer) throws -> Void) throws {
        try Sodium.ensureInitialized()
        guard count > 0 else { throw CryptoError(.invalidLength, "secure buffers must hold at least one byte") }
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 16)
        _ = sodium_mlock(pointer, count)
        do {
            try initializer(UnsafeMutableRawBufferPointer(start: pointer, count: count))
        } catch {
            _ = sodium_munlock(pointer, count)
            pointer.deallocate()
            throw error
        }
        self.pointer = pointer
        self.count = count
    }

    /// Copies `bytes` into secure memory.
    ///
    /// The caller's buffer is not zeroed; prefer ``init(zeroingSource:)`` when the source
    /// is a temporary you own.
    public convenience init(copying bytes: UnsafeRawBufferPointer) throws {
        try self.init(count: bytes.count) { $0.copyMemory(from: bytes) }
    }

    /// Copies `bytes` into secure memory.
    public convenience init(copying bytes: [UInt8]) throws {
        try self.init(count: bytes.count) { target in bytes.withUnsafeBytes { target.copyMemory(from: $0) } }
    }

    /// Moves `source` into secure memory and zeroes the array it came from.
    public convenience init(zeroingSource source: inout [UInt8]) throws {
        let bytes = source
        defer { source.withUnsafeMutableBytes { Self.zero($0) } }
        try self.init(count: bytes.count) { target in bytes.withUnsafeBytes { target.copyMemory(from: $0) } }
    }

    /// `count` bytes from libsodium's CSPRNG.
    public static func random(count: Int) throws -> SecureBytes {
        try SecureBytes(count: count) { buffer in
            randombytes_buf(buffer.baseAddress!, buffer.count)
        }
    }

    deinit {
        _ = sodium_munlock(pointer, count)
        pointer.deallocate()
    }

    /// Calls `body` with read-only access to the secret bytes; do not let the pointer escape.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// Compares with `other` in constant time (for equal lengths).
    public func constantTimeEquals(_ other: SecureBytes) -> Bool {
        guard count == other.count else { return false }
        return sodium_memcmp(pointer, other.pointer, count) == 0
    }

    /// Redacted: secret bytes never appear in descriptions or logs.
    public var description: String { "SecureBytes(\(count) bytes, redacted)" }

    /// Zeroes `buffer` in a way the optimiser cannot remove.
    public static func zero(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        sodium_memzero(base, buffer.count)
    }
}
