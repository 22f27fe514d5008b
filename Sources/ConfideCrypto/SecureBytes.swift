import CSodium

/// A fixed-size buffer for secret bytes that is locked in memory while alive and zeroed
/// when released.
///
/// The bytes are reachable only inside a scoped closure, so they cannot escape by
/// accident into arrays, logs or string interpolation (``description`` is redacted).
///
/// Buffers up to 4 KiB (every key, seed and share) come from ``SecureArena``: slots of
/// `sodium_malloc`ed chunks, locked in memory and excluded from core dumps, zeroed when
/// returned. Larger buffers are ordinary heap blocks passed to `sodium_mlock` and
/// released with `sodium_munlock`, which zeroes them first. (A `sodium_malloc` per key
/// would cost three memory mappings each and exhaust the kernel's mapping limit in a
/// simulation of ten thousand devices.) When the memory-lock limit is reached, locking
/// fails silently but zeroing still happens.
public final class SecureBytes: @unchecked Sendable, CustomStringConvertible {
    // Immutable after init: the pointer is written only inside the initialiser, which
    // makes sharing across tasks safe.
    private let pointer: UnsafeMutableRawPointer
    /// The arena size class the bytes came from, or `nil` for an individually locked block.
    private let sizeClass: Int?
    /// The number of bytes held.
    public let count: Int

    /// Allocates `count` bytes and lets `initializer` fill them.
    ///
    /// If `initializer` throws, the memory is zeroed and released before the error propagates.
    public init(count: Int, initializingWith initializer: (UnsafeMutableRawBufferPointer) throws -> Void) throws {
        try Sodium.ensureInitialized()
        guard count > 0 else { throw CryptoError(.invalidLength, "secure buffers must hold at least one byte") }
        let sizeClass = SecureArena.sizeClass(for: count)
        let pointer: UnsafeMutableRawPointer
        if let sizeClass {
            guard let slot = SecureArena.shared.allocate(sizeClass: sizeClass) else {
                throw CryptoError(.allocationFailed, "sodium_malloc could not allocate locked memory")
            }
            pointer = slot
        } else {
            pointer = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 16)
            _ = sodium_mlock(pointer, count)
        }
        do {
            try initializer(UnsafeMutableRawBufferPointer(start: pointer, count: count))
        } catch {
            Self.release(pointer, count: count, sizeClass: sizeClass)
            throw error
        }
        self.pointer = pointer
        self.count = count
        self.sizeClass = sizeClass
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
        Self.release(pointer, count: count, sizeClass: sizeClass)
    }

    private static func release(_ pointer: UnsafeMutableRawPointer, count: Int, sizeClass: Int?) {
        if let sizeClass {
            SecureArena.shared.release(pointer, sizeClass: sizeClass)
        } else {
            _ = sodium_munlock(pointer, count)
            pointer.deallocate()
        }
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
