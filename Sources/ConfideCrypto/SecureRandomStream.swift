import CSodium

/// A buffered stream of libsodium randomness for samplers that draw many small values.
///
/// Exact samplers (``SecureRandom`` draws one value per call) need a few dozen uniform
/// integers and coin flips per sample; this stream fills a buffer of 64-bit words with
/// `randombytes_buf` and hands them out one at a time, so a million draws cost a few
/// thousand libsodium calls. Words are zeroed as soon as they are used and the buffer is
/// zeroed when the stream is released: the draws become privacy noise, which must stay
/// secret. Not thread-safe; give each sampling task its own stream.
public final class SecureRandomStream {
    private var words: [UInt64]
    private var next: Int
    private var bits: UInt64 = 0
    private var bitsLeft = 0

    /// A stream refilled `bufferWords` 64-bit words at a time (default 512: 4 KiB).
    public init(bufferWords: Int = 512) throws {
        try Sodium.ensureInitialized()
        words = [UInt64](repeating: 0, count: max(1, bufferWords))
        next = words.count
    }

    deinit {
        words.withUnsafeMutableBytes { SecureBytes.zero($0) }
        bits = 0
    }

    /// A uniform 64-bit word.
    public func word() -> UInt64 {
        if next == words.count {
            words.withUnsafeMutableBytes { randombytes_buf($0.baseAddress!, $0.count) }
            next = 0
        }
        let value = words[next]
        words[next] = 0
        next += 1
        return value
    }

    /// A uniform bit (a fair coin).
    public func bit() -> Bool {
        if bitsLeft == 0 {
            bits = word()
            bitsLeft = 64
        }
        let value = bits & 1 == 1
        bits >>= 1
        bitsLeft -= 1
        return value
    }

    /// A uniform integer in `0 ..< upperBound`, without modulo bias (rejection sampling);
    /// `upperBound` must be positive.
    public func uniform(below upperBound: UInt64) -> UInt64 {
        precondition(upperBound > 0, "the upper bound must be positive")
        if upperBound == 1 { return 0 }
        if upperBound & (upperBound &- 1) == 0 { return word() & (upperBound &- 1) }
        // Reject the top partial range so every residue is equally likely.
        let limit = UInt64.max - (UInt64.max % upperBound + 1) % upperBound
        while true {
            let value = word()
            if value <= limit { return value % upperBound }
        }
    }
}
