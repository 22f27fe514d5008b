import ConfideAggregation
import ConfideCrypto

/// Parses of round configurations shared by simulated devices running in one process.
///
/// A real device parses its round's configuration once, on its own processor. Simulated
/// devices all run on one machine, where n devices each validating an n-member cohort
/// would cost O(n²) per round, an artefact of simulation. Devices given a cache still
/// verify the signed work order themselves; only the parse of byte-identical
/// configurations is shared.
public actor RoundConfigurationCache {
    private var entries: [[UInt8]: RoundConfiguration] = [:]
    private var order: [[UInt8]] = []

    /// An empty cache keeping the four most recent configurations.
    public init() {}

    /// The configuration serialized as `bytes`, parsed at most once.
    public func configuration(_ bytes: [UInt8]) throws -> RoundConfiguration {
        let key = try Digest.blake2b256(bytes)
        if let cached = entries[key] { return cached }
        let parsed = try RoundConfiguration(serialized: bytes)
        entries[key] = parsed
        order.append(key)
        if order.count > 4 { entries.removeValue(forKey: order.removeFirst()) }
        return parsed
    }
}
