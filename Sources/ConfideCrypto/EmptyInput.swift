/// libsodium declares its input pointers non-null even when the length is zero; an empty
/// Swift buffer has no base address, so empty inputs point at this (never read) byte.
nonisolated(unsafe) let emptyByte: UnsafePointer<UInt8> = {
    let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    pointer.initialize(to: 0)
    return UnsafePointer(pointer)
}()
