/// Shamir secret sharing over GF(2^8), byte by byte: any `threshold` of the shares
/// reconstruct the secret; fewer reveal nothing about it.
public enum Shamir {
    /// The most shares one split can produce (x-coordinates 1–255).
    public static let maxShares = 255

    /// Splits `secret` into `count` shares, any `threshold` of which reconstruct it.
    public static func split(_ secret: SecureBytes, threshold: Int, count: Int) throws -> [ShamirShare] {
        guard (1...maxShares).contains(count) else {
            throw CryptoError(.invalidArgument, "share count must be 1 to \(maxShares), got \(count)")
        }
        guard (1...count).contains(threshold) else {
            throw CryptoError(.invalidArgument, "threshold must be 1 to \(count) (the share count), got \(threshold)")
        }
        let coefficients = try SecureBytes.random(count: max(1, secret.count * (threshold - 1)))
        return try split(secret, threshold: threshold, count: count, coefficients: coefficients)
    }

    /// Splits with caller-chosen coefficients: `coefficients[byte * (threshold − 1) + j]` is
    /// the coefficient of x^(j+1) of the polynomial for that secret byte.
    /// Internal: shares are only as secret as the coefficients, so only known-answer tests use it.
    static func split(_ secret: SecureBytes, threshold: Int, count: Int, coefficients: SecureBytes) throws -> [ShamirShare] {
        guard (1...maxShares).contains(count), (1...count).contains(threshold) else {
            throw CryptoError(.invalidArgument, "share count must be 1 to \(maxShares) and the threshold 1 to the count")
        }
        let length = secret.count
        let degree = threshold - 1
        guard coefficients.count >= length * degree else {
            throw CryptoError.length("Shamir coefficients", expected: length * degree, got: coefficients.count)
        }
        return try (1...count).map { x in
            let value = try SecureBytes(count: length) { out in
                secret.withUnsafeBytes { secret in
                    coefficients.withUnsafeBytes { coefficients in
                        for byte in 0..<length {
                            // Horner's rule from the highest coefficient down to the secret byte.
                            var y: UInt8 = 0
                            var j = degree
                            while j > 0 {
                                y = GF256.multiply(y, UInt8(x)) ^ coefficients[byte * degree + j - 1]
                                j -= 1
                            }
                            out[byte] = GF256.multiply(y, UInt8(x)) ^ secret[byte]
                        }
                    }
                }
            }
            return ShamirShare(index: UInt8(x), threshold: UInt8(threshold), value: value)
        }
    }

    /// Splits a 32-byte key.
    public static func split(_ key: SymmetricKey, threshold: Int, count: Int) throws -> [ShamirShare] {
        try split(key.secureBytes, threshold: threshold, count: count)
    }

    /// Reconstructs the secret from at least `threshold` shares of one split.
    ///
    /// Throws ``CryptoError/Kind/insufficientShares`` with fewer shares than the split's
    /// threshold and ``CryptoError/Kind/inconsistentShares`` for duplicate indices or
    /// shares whose threshold or length disagree.
    public static func combine(_ shares: [ShamirShare]) throws -> SecureBytes {
        guard let first = shares.first else {
            throw CryptoError(.insufficientShares, "no shares were supplied")
        }
        let threshold = Int(first.threshold)
        var seen = Set<UInt8>()
        for share in shares {
            guard share.threshold == first.threshold, share.secretByteCount == first.secretByteCount else {
                throw CryptoError(.inconsistentShares, "the shares come from different splits (threshold or length differ)")
            }
            guard seen.insert(share.index).inserted else {
                throw CryptoError(.inconsistentShares, "share index \(share.index) appears twice")
            }
        }
        guard shares.count >= threshold else {
            throw CryptoError(.insufficientShares, "\(shares.count) shares supplied, the threshold is \(threshold)")
        }
        let used = Array(shares.prefix(threshold))
        let basis = lagrangeBasisAtZero(used.map(\.index))
        return try SecureBytes(count: first.secretByteCount) { out in
            for byte in 0..<out.count { out[byte] = 0 }
            for (share, weight) in zip(used, basis) {
                share.value.withUnsafeBytes { y in
                    for byte in 0..<out.count { out[byte] ^= GF256.multiply(weight, y[byte]) }
                }
            }
        }
    }

    /// Reconstructs the secret from shares in their serialized form (``ShamirShare/serialized()``:
    /// `index || threshold || value`) held in ordinary memory.
    ///
    /// For shares that were already revealed in a message (a secure-aggregation server
    /// rebuilding dropped devices' keys): copying each into locked memory first would cost
    /// two system calls per share and protect nothing. Only the result is secure memory.
    /// Refuses the same inputs as ``combine(_:)``, plus malformed serializations.
    public static func combine(serialized shares: [[UInt8]]) throws -> SecureBytes {
        guard let first = shares.first else {
            throw CryptoError(.insufficientShares, "no shares were supplied")
        }
        guard first.count >= 3 else {
            throw CryptoError(.invalidLength, "a serialized share is at least 3 bytes, got \(first.count)")
        }
        let threshold = Int(first[1])
        var seen = Set<UInt8>()
        for share in shares {
            guard share.count == first.count, share[1] == first[1], share[1] != 0 else {
                throw CryptoError(.inconsistentShares, "the shares come from different splits (threshold or length differ)")
            }
            guard share[0] != 0 else { throw CryptoError(.inconsistentShares, "share index 0 is invalid (it would be the secret)") }
            guard seen.insert(share[0]).inserted else {
                throw CryptoError(.inconsistentShares, "share index \(share[0]) appears twice")
            }
        }
        guard shares.count >= threshold else {
            throw CryptoError(.insufficientShares, "\(shares.count) shares supplied, the threshold is \(threshold)")
        }
        let used = Array(shares.prefix(threshold))
        let basis = lagrangeBasisAtZero(used.map { $0[0] })
        return try SecureBytes(count: first.count - 2) { out in
            for byte in 0..<out.count { out[byte] = 0 }
            for (share, weight) in zip(used, basis) {
                for byte in 0..<out.count { out[byte] ^= GF256.multiply(weight, share[byte + 2]) }
            }
        }
    }

    /// Whether the serialized share `candidate` lies on the polynomial through the first
    /// `threshold` of `shares` (all serialized, from one split, distinct indices).
    ///
    /// For revealed shares only (it works in ordinary memory): a server that holds more than
    /// t shares of a secret uses it to tell which of them are wrong. `false` for malformed input.
    public static func agrees(serialized shares: [[UInt8]], with candidate: [UInt8]) -> Bool {
        guard let first = shares.first, first.count >= 3, candidate.count == first.count, candidate[1] == first[1],
              candidate[0] != 0 else { return false }
        let threshold = Int(first[1])
        guard threshold >= 1, shares.count >= threshold else { return false }
        let used = Array(shares.prefix(threshold))
        let indices = used.map { $0[0] }
        guard used.allSatisfy({ $0.count == first.count && $0[0] != 0 }), Set(indices).count == indices.count,
              !indices.contains(candidate[0]) else { return false }
        let basis = lagrangeBasis(indices, at: candidate[0])
        for byte in 2..<first.count {
            var value: UInt8 = 0
            for (share, weight) in zip(used, basis) { value ^= GF256.multiply(weight, share[byte]) }
            guard value == candidate[byte] else { return false }
        }
        return true
    }

    /// Lagrange basis polynomials for distinct x-coordinates, evaluated at x = 0; in
    /// GF(2^8) subtraction is XOR.
    private static func lagrangeBasisAtZero(_ indices: [UInt8]) -> [UInt8] {
        lagrangeBasis(indices, at: 0)
    }

    /// Lagrange basis polynomials for distinct x-coordinates, evaluated at `x`.
    private static func lagrangeBasis(_ indices: [UInt8], at x: UInt8) -> [UInt8] {
        indices.map { index in
            var numerator: UInt8 = 1
            var denominator: UInt8 = 1
            for other in indices where other != index {
                numerator = GF256.multiply(numerator, other ^ x)
                denominator = GF256.multiply(denominator, other ^ index)
            }
            return GF256.multiply(numerator, GF256.inverse(denominator))
        }
    }
}
