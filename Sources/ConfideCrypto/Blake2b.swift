import CSodium

/// An incremental BLAKE2b hasher over libsodium's `crypto_generichash` API.
///
/// The state is heap-allocated with the 64-byte alignment libsodium declares for it
/// (a Swift stack value would not honour it) and zeroed when finished, since keyed
/// states and hashed secrets are sensitive.
final class Blake2b {
    static let minOutputByteCount = Int(crypto_generichash_BYTES_MIN)
    static let maxOutputByteCount = Int(crypto_generichash_BYTES_MAX)
    static let minKeyByteCount = Int(crypto_generichash_KEYBYTES_MIN)
    static let maxKeyByteCount = Int(crypto_generichash_KEYBYTES_MAX)

    private let state: UnsafeMutableRawPointer
    private let stateSize: Int
    private let outputByteCount: Int

    /// Starts a hash with an optional key (16–64 bytes) and an output length (16–64 bytes).
    init(key: UnsafeRawBufferPointer? = nil, outputByteCount: Int) throws {
        try Sodium.ensureInitialized()
        guard (Self.minOutputByteCount...Self.maxOutputByteCount).contains(outputByteCount) else {
            throw CryptoError(.invalidArgument, "BLAKE2b output must be 16 to 64 bytes, got \(outputByteCount)")
        }
        if let key, !(Self.minKeyByteCount...Self.maxKeyByteCount).contains(key.count) {
            throw CryptoError(.invalidLength, "BLAKE2b keys must be 16 to 64 bytes, got \(key.count)")
        }
        stateSize = crypto_generichash_statebytes()
        state = UnsafeMutableRawPointer.allocate(byteCount: stateSize, alignment: 64)
        self.outputByteCount = outputByteCount
        let rc = crypto_generichash_init(
            OpaquePointer(state), key?.baseAddress?.assumingMemoryBound(to: UInt8.self), key?.count ?? 0, outputByteCount)
        // deinit zeroes and frees the state on this path too.
        guard rc == 0 else { throw CryptoError.library("crypto_generichash_init") }
    }

    /// Absorbs `bytes`.
    func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        let typed = OpaquePointer(state)
        // Fails only for a corrupted state, which `init` rules out.
        _ = crypto_generichash_update(typed, base.assumingMemoryBound(to: UInt8.self), UInt64(bytes.count))
    }

    func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Absorbs a length-prefixed field, so concatenations of fields cannot collide.
    func updateField(_ bytes: [UInt8]) {
        var length = UInt32(truncatingIfNeeded: bytes.count).littleEndian
        withUnsafeBytes(of: &length) { update($0) }
        update(bytes)
    }

    /// Writes the digest into `output`, which must be exactly the requested length.
    func finalize(into output: UnsafeMutableRawBufferPointer) throws {
        guard output.count == outputByteCount, let base = output.baseAddress else {
            throw CryptoError.length("a BLAKE2b output buffer", expected: outputByteCount, got: output.count)
        }
        let typed = OpaquePointer(state)
        let rc = crypto_generichash_final(typed, base.assumingMemoryBound(to: UInt8.self), output.count)
        guard rc == 0 else { throw CryptoError.library("crypto_generichash_final") }
    }

    func finalize() throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: outputByteCount)
        try output.withUnsafeMutableBytes { try finalize(into: $0) }
        return output
    }

    deinit {
        sodium_memzero(state, stateSize)
        state.deallocate()
    }
}
