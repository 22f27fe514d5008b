import ConfideCrypto

/// Rebuilds a Shamir-shared secret when some revealed shares may be wrong.
///
/// A malicious device can answer Unmask with a well-formed but wrong share. Every secret
/// here has a check (the self-mask seed's commitment, the mask key's advertised public
/// key), so a rebuilt value is either right or detectably wrong: a wrong share among the
/// first t costs retries, never a wrong sum. With more than t shares, other t-subsets are
/// tried until one rebuilds a value that passes the check.
///
/// Naming the senders of wrong shares needs the polynomial, not just its value at 0 (a
/// coalition can make wrong shares cancel at 0): a passing subset's polynomial is accepted
/// as the true one when the shares that lie on it outnumber those that do not by at least
/// t, which holds for the true polynomial whenever honest shares h ≥ t + b for b wrong ones
/// and never for a false one (it agrees with at most t − 1 honest shares). Otherwise the
/// secret is still right, and nobody is named.
struct SecretRecovery {
    /// At most this many t-subsets are tried per secret after the first fails. With b wrong
    /// shares among m, a random subset is clean with probability C(m−b, t)/C(m, t): for
    /// k = 21, t = 11 and 3 wrong shares that is 0.09, so 256 tries fail with odds below 10⁻¹⁰.
    static let maxAttempts = 256

    /// The secret and the senders whose shares do not fit it.
    struct Outcome {
        let secret: SecureBytes
        let wrongSenders: [Int]
    }

    /// Rebuilds from `shares` (serialized, with their senders) with threshold `t`; `check`
    /// says whether a candidate is the secret. `nil` if no subset tried passes.
    /// `seed` makes the subset order reproducible (it needs no secrecy).
    static func rebuild(_ shares: [[UInt8]], senders: [Int], threshold t: Int, seed: UInt64,
                        check: (SecureBytes) throws(AggregationError) -> Bool) throws(AggregationError) -> Outcome? {
        guard shares.count >= t, t > 0 else { return nil }
        var generator = SplitMix64(seed: seed)
        var found: SecureBytes?
        for attempt in 0...maxAttempts {
            let subset = attempt == 0 ? Array(0..<t) : generator.sample(t, from: shares.count)
            if attempt > 0, shares.count == t { break }
            guard let secret = combine(shares, subset), try check(secret) else { continue }
            // The first t pass: the common case, and nothing to name (wrong shares beyond
            // them, if any, were not used).
            if attempt == 0 { return Outcome(secret: secret, wrongSenders: []) }
            found = found ?? secret
            let basis = subset.map { shares[$0] }
            let disagreeing = shares.indices.filter { index in
                !subset.contains(index) && !Shamir.agrees(serialized: basis, with: shares[index])
            }
            if shares.count - 2 * disagreeing.count >= t {
                return Outcome(secret: secret, wrongSenders: disagreeing.map { senders[$0] }.sorted())
            }
        }
        return found.map { Outcome(secret: $0, wrongSenders: []) }
    }

    private static func combine(_ shares: [[UInt8]], _ subset: [Int]) -> SecureBytes? {
        try? Shamir.combine(serialized: subset.map { shares[$0] })
    }
}
