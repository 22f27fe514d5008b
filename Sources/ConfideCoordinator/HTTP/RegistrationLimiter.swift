/// Rate limits on device registration: a token bucket per source address and one for all
/// addresses together, so that nobody can enrol devices (or guess codes) faster than the
/// configured rates. Refusals answer `429` with the wait in `Retry-After`.
actor RegistrationLimiter {
    private struct Bucket {
        var tokens: Double
        var updated: Double

        /// Takes one token if there is one; otherwise the seconds until there will be.
        mutating func take(rate: Double, burst: Double, now: Double) -> Double? {
            tokens = min(burst, tokens + max(0, now - updated) * rate)
            updated = now
            guard tokens < 1 else {
                tokens -= 1
                return nil
            }
            return (1 - tokens) / rate
        }
    }

    /// Addresses remembered at most; beyond it the oldest-updated half is forgotten (a
    /// forgotten address starts with a full burst, which an attacker with that many
    /// addresses has anyway).
    private static let maxAddresses = 100_000

    private let limits: RegistrationLimits
    private var overall: Bucket
    private var addresses: [String: Bucket] = [:]

    init(limits: RegistrationLimits) {
        self.limits = limits
        overall = Bucket(tokens: limits.overallBurst, updated: 0)
    }

    /// Admits one registration from `address` at `now` (seconds), or throws ``RateLimited``.
    func admit(_ address: String, now: Double) throws(RateLimited) {
        if limits.perAddressPerSecond > 0 {
            var bucket = addresses[address] ?? Bucket(tokens: limits.perAddressBurst, updated: now)
            let wait = bucket.take(rate: limits.perAddressPerSecond, burst: limits.perAddressBurst, now: now)
            if addresses.count >= Self.maxAddresses, addresses[address] == nil { forgetOldest() }
            addresses[address] = bucket
            if let wait { throw RateLimited(retryAfterSeconds: wait, scope: "this address") }
        }
        if limits.overallPerSecond > 0 {
            if overall.updated == 0 { overall.updated = now }
            if let wait = overall.take(rate: limits.overallPerSecond, burst: limits.overallBurst, now: now) {
                throw RateLimited(retryAfterSeconds: wait, scope: "the coordinator")
            }
        }
    }

    private func forgetOldest() {
        let cutoff = addresses.values.map(\.updated).sorted()[addresses.count / 2]
        addresses = addresses.filter { $0.value.updated > cutoff }
    }
}

/// A registration refused by ``RegistrationLimiter``.
struct RateLimited: Error, Sendable {
    /// Seconds until a registration would be admitted.
    let retryAfterSeconds: Double
    /// Whose limit was reached.
    let scope: String
}
