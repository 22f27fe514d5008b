import CSodium

/// Pseudorandom masks for secure aggregation: a 32-byte seed and a ``MaskContext``
/// expand into a stream of `UInt32` words (the little-endian words of the XChaCha20
/// keystream under that seed and nonce), and vectors are masked and unmasked with
/// wrapping arithmetic modulo 2^32.
///
/// This is the hot path of secure aggregation. Everything here writes into caller
/// buffers, allocates nothing per element, and runs its inner loops over raw pointers.
public enum Mask {
    /// Whether a mask term is added to or subtracted from a vector.
    public enum Sign: Sendable {
        case add
        case subtract
    }

    /// One mask stream to apply to a vector, with its sign.
    public struct Term: Sendable {
        /// The 32-byte seed.
        public let seed: SymmetricKey
        /// Which stream of the seed.
        public let context: MaskContext
        /// Whether to add or subtract the stream.
        public let sign: Sign

        /// A mask term.
        public init(seed: SymmetricKey, context: MaskContext, sign: Sign) {
            self.seed = seed
            self.context = context
            self.sign = sign
        }
    }

    /// Words per XChaCha20 block.
    static let wordsPerBlock = 16
    /// Words generated per step when streaming masks into a vector: 16 KiB, so the
    /// keystream chunk and the vector chunk it is added to both stay in L1 cache.
    static let chunkWords = 4096

    /// Writes the first `words.count` mask words of `seed` under `context` into `words`.
    public static func expand(seed: SymmetricKey, context: MaskContext,
                              into words: UnsafeMutableBufferPointer<UInt32>) throws {
        try Sodium.ensureInitialized()
        guard let base = words.baseAddress, !words.isEmpty else { return }
        let rc = seed.withUnsafeBytes { key in
            UnsafeMutableRawPointer(base).withMemoryRebound(to: UInt8.self, capacity: words.count * 4) { bytes in
                crypto_stream_xchacha20(bytes, UInt64(words.count * 4), context.nonce,
                                        key.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        guard rc == 0 else { throw CryptoError.library("crypto_stream_xchacha20") }
        fromLittleEndian(base, words.count)
    }

    /// Applies every term to `vector` in one pass, streaming chunk by chunk.
    ///
    /// `vector` holds the words at positions `offset ..< offset + vector.count` of the
    /// full vector, so independent ranges of one vector can be unmasked in parallel.
    public static func apply(_ terms: [Term], to vector: UnsafeMutableBufferPointer<UInt32>,
                             startingAtWord offset: Int = 0) throws {
        try Sodium.ensureInitialized()
        guard offset >= 0 else { throw CryptoError(.invalidArgument, "a mask offset cannot be negative") }
        guard let base = vector.baseAddress, !vector.isEmpty, !terms.isEmpty else { return }
        // One extra block so a chunk that starts mid-block still fits.
        try withUnsafeTemporaryAllocation(of: UInt32.self, capacity: chunkWords + wordsPerBlock) { scratch in
            let scratch = scratch.baseAddress!
            var done = 0
            while done < vector.count {
                let position = offset + done
                let count = min(chunkWords, vector.count - done)
                let skip = position % wordsPerBlock
                let block = UInt64(position / wordsPerBlock)
                for term in terms {
                    try keystream(seed: term.seed, context: term.context, block: block,
                                  words: count + skip, into: scratch)
                    switch term.sign {
                    case .add: addWords(scratch + skip, base + done, count)
                    case .subtract: subtractWords(scratch + skip, base + done, count)
                    }
                }
                done += count
            }
            scratch.update(repeating: 0, count: chunkWords + wordsPerBlock)
        }
    }

    /// Adds the mask of `seed` under `context` to `vector` in place.
    public static func add(seed: SymmetricKey, context: MaskContext, to vector: UnsafeMutableBufferPointer<UInt32>) throws {
        try apply([Term(seed: seed, context: context, sign: .add)], to: vector)
    }

    /// Subtracts the mask of `seed` under `context` from `vector` in place.
    public static func subtract(seed: SymmetricKey, context: MaskContext,
                                from vector: UnsafeMutableBufferPointer<UInt32>) throws {
        try apply([Term(seed: seed, context: context, sign: .subtract)], to: vector)
    }

    /// `target[i] &+= source[i]` for every `i`; the lengths must match.
    public static func add(_ source: UnsafeBufferPointer<UInt32>, to target: UnsafeMutableBufferPointer<UInt32>) throws {
        try checkLengths(source.count, target.count)
        guard let src = source.baseAddress, let dst = target.baseAddress else { return }
        addWords(src, dst, source.count)
    }

    /// `target[i] &-= source[i]` for every `i`; the lengths must match.
    public static func subtract(_ source: UnsafeBufferPointer<UInt32>, from target: UnsafeMutableBufferPointer<UInt32>) throws {
        try checkLengths(source.count, target.count)
        guard let src = source.baseAddress, let dst = target.baseAddress else { return }
        subtractWords(src, dst, source.count)
    }

    /// Array form of ``add(_:to:)-(UnsafeBufferPointer<UInt32>,_)``.
    public static func add(_ source: [UInt32], to target: inout [UInt32]) throws {
        try source.withUnsafeBufferPointer { src in
            try target.withUnsafeMutableBufferPointer { try add(src, to: $0) }
        }
    }

    /// Array form of ``subtract(_:from:)-(UnsafeBufferPointer<UInt32>,_)``.
    public static func subtract(_ source: [UInt32], from target: inout [UInt32]) throws {
        try source.withUnsafeBufferPointer { src in
            try target.withUnsafeMutableBufferPointer { try subtract(src, from: $0) }
        }
    }

    // MARK: Inner loops

    private static func checkLengths(_ source: Int, _ target: Int) throws {
        guard source == target else {
            throw CryptoError(.invalidLength, "vectors must have equal lengths to be combined, got \(source) and \(target)")
        }
    }

    /// Generates `words` keystream words starting at block `block` into `output`.
    @inline(__always)
    private static func keystream(seed: SymmetricKey, context: MaskContext, block: UInt64, words: Int,
                                  into output: UnsafeMutablePointer<UInt32>) throws {
        let byteCount = words * 4
        let rc = seed.withUnsafeBytes { key in
            UnsafeMutableRawPointer(output).withMemoryRebound(to: UInt8.self, capacity: byteCount) { bytes in
                bytes.update(repeating: 0, count: byteCount)
                return crypto_stream_xchacha20_xor_ic(bytes, bytes, UInt64(byteCount), context.nonce, block,
                                                      key.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        guard rc == 0 else { throw CryptoError.library("crypto_stream_xchacha20_xor_ic") }
        fromLittleEndian(output, words)
    }

    @inline(__always)
    private static func fromLittleEndian(_ words: UnsafeMutablePointer<UInt32>, _ count: Int) {
        #if _endian(big)
        for i in 0..<count { words[i] = UInt32(littleEndian: words[i]) }
        #endif
    }

    @inline(__always)
    static func addWords(_ src: UnsafePointer<UInt32>, _ dst: UnsafeMutablePointer<UInt32>, _ count: Int) {
        for i in 0..<count { dst[i] &+= src[i] }
    }

    @inline(__always)
    static func subtractWords(_ src: UnsafePointer<UInt32>, _ dst: UnsafeMutablePointer<UInt32>, _ count: Int) {
        for i in 0..<count { dst[i] &-= src[i] }
    }
}
