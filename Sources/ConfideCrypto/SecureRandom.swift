import CSodium
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Cryptographically secure randomness from libsodium (`randombytes_buf`).
public enum SecureRandom {
    /// `count` random bytes.
    public static func bytes(count: Int) throws -> [UInt8] {
        try Sodium.ensureInitialized()
        var bytes = [UInt8](repeating: 0, count: count)
        if count > 0 { randombytes_buf(&bytes, count) }
        return bytes
    }

    /// Fills `buffer` with random bytes.
    public static func fill(_ buffer: UnsafeMutableRawBufferPointer) throws {
        try Sodium.ensureInitialized()
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        randombytes_buf(base, buffer.count)
    }

    /// A uniform integer in `0 ..< upperBound` without modulo bias.
    public static func uniform(below upperBound: UInt32) throws -> UInt32 {
        try Sodium.ensureInitialized()
        guard upperBound > 0 else { throw CryptoError(.invalidArgument, "the upper bound must be positive") }
        return randombytes_uniform(upperBound)
    }

    /// A uniform integer in `0 ..< upperBound` without modulo bias (rejection sampling).
    public static func uniform(below upperBound: UInt64) throws -> UInt64 {
        guard upperBound > 0 else { throw CryptoError(.invalidArgument, "the upper bound must be positive") }
        // Reject the top partial range so every residue is equally likely.
        let limit = UInt64.max - (UInt64.max % upperBound + 1) % upperBound
        while true {
            let value = try word64()
            if value <= limit { return value % upperBound }
        }
    }

    /// A uniform `Double` in [0, 1) with 53 random bits.
    public static func unitDouble() throws -> Double {
        Double(try word64() >> 11) * 0x1p-53
    }

    /// Fills `output` with independent normal samples of mean 0 and the given standard deviation.
    ///
    /// Not used for privacy noise: floating-point samplers leak through their rounding, so
    /// devices add exact discrete Gaussian noise (ConfideAggregation's `DiscreteGaussian`);
    /// this stays for comparison in tests.
    ///
    /// Uses the Box–Muller transform on 53-bit uniforms. The uniform bits come from a
    /// 32-byte seed drawn with `randombytes_buf` and expanded with libsodium's
    /// deterministic ChaCha20 generator, so a million samples cost one system call.
    public static func fillGaussian(_ output: UnsafeMutableBufferPointer<Double>, standardDeviation: Double) throws {
        guard standardDeviation.isFinite, standardDeviation >= 0 else {
            throw CryptoError(.invalidArgument, "a standard deviation must be finite and non-negative, got \(standardDeviation)")
        }
        guard let out = output.baseAddress, !output.isEmpty else { return }
        let pairs = (output.count + 1) / 2
        let seed = try SecureBytes.random(count: Int(randombytes_SEEDBYTES))
        var words = [UInt64](repeating: 0, count: pairs * 2)
        defer { words.withUnsafeMutableBytes { SecureBytes.zero($0) } }
        words.withUnsafeMutableBytes { raw in
            seed.withUnsafeBytes { seed in
                randombytes_buf_deterministic(raw.baseAddress!, raw.count, seed.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        words.withUnsafeBufferPointer { words in
            for pair in 0..<pairs {
                // u1 in (0, 1] so the logarithm is finite; u2 in [0, 1).
                let u1 = Double((UInt64(littleEndian: words[2 * pair]) >> 11) + 1) * 0x1p-53
                let u2 = Double(UInt64(littleEndian: words[2 * pair + 1]) >> 11) * 0x1p-53
                let radius = standardDeviation * (-2 * log(u1)).squareRoot()
                let angle = 2 * Double.pi * u2
                out[2 * pair] = radius * cos(angle)
                if 2 * pair + 1 < output.count { out[2 * pair + 1] = radius * sin(angle) }
            }
        }
    }

    /// `count` independent normal samples of mean 0 and the given standard deviation.
    public static func gaussians(count: Int, standardDeviation: Double) throws -> [Double] {
        var samples = [Double](repeating: 0, count: count)
        try samples.withUnsafeMutableBufferPointer { try fillGaussian($0, standardDeviation: standardDeviation) }
        return samples
    }

    private static func word64() throws -> UInt64 {
        try Sodium.ensureInitialized()
        var value: UInt64 = 0
        withUnsafeMutableBytes(of: &value) { randombytes_buf($0.baseAddress!, 8) }
        return value
    }
}
