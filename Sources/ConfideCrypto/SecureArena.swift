import CSodium
import Synchronization

/// Locked memory for small secrets, carved from large chunks.
///
/// Locking and unlocking memory are system calls that split the process's memory
/// mappings under a process-wide lock; doing both for every 32-byte key costs more than
/// the cryptography that uses it (a fifth of a simulated round's CPU, measured). So small
/// secrets come from 64 KiB chunks allocated with `sodium_malloc` (locked, guard pages,
/// out of core dumps), handed out in size classes and zeroed when returned. Chunks are
/// kept for reuse and never unlocked.
final class SecureArena: Sendable {
    /// The shared arena.
    static let shared = SecureArena()

    /// The largest request served from chunks; larger buffers are locked individually.
    static let largestSlot = 4_096
    private static let chunkSize = 64 * 1_024
    private static let slotSizes = [32, 64, 128, 256, 512, 1_024, 2_048, 4_096]

    // Free slots by size class, as addresses (integers are Sendable; pointers are not).
    private struct State: ~Copyable {
        var free: [[UInt]] = Array(repeating: [], count: SecureArena.slotSizes.count)
    }

    private let state = Mutex(State())

    private init() {}

    /// The index of the smallest size class that holds `count` bytes.
    static func sizeClass(for count: Int) -> Int? {
        slotSizes.firstIndex { $0 >= count }
    }

    /// A zeroed slot of size class `sizeClass`, or `nil` if no chunk could be allocated.
    func allocate(sizeClass: Int) -> UnsafeMutableRawPointer? {
        let slot = Self.slotSizes[sizeClass]
        let address = state.withLock { state -> UInt? in
            if let address = state.free[sizeClass].popLast() { return address }
            guard let chunk = sodium_malloc(Self.chunkSize) else { return nil }
            sodium_memzero(chunk, Self.chunkSize)
            let base = UInt(bitPattern: chunk)
            for index in 1..<(Self.chunkSize / slot) { state.free[sizeClass].append(base + UInt(index * slot)) }
            return base
        }
        return address.flatMap { UnsafeMutableRawPointer(bitPattern: $0) }
    }

    /// Zeroes a slot and returns it to its size class.
    func release(_ pointer: UnsafeMutableRawPointer, sizeClass: Int) {
        sodium_memzero(pointer, Self.slotSizes[sizeClass])
        let address = UInt(bitPattern: pointer)
        state.withLock { $0.free[sizeClass].append(address) }
    }
}
