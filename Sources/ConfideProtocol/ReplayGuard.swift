/// Remembers the nonces of recently accepted requests so each is accepted at most once.
///
/// Nonces are kept for twice the allowed clock skew after their timestamp: an older
/// request is already refused for its timestamp, so memory stays bounded by the request
/// rate times that window.
public struct ReplayGuard: Sendable {
    private var seen: [String: Int64] = [:]
    private var lastPrune: Int64 = 0

    /// An empty guard.
    public init() {}

    /// Records `nonce` of `device`; throws ``ProtocolError/Kind/conflict`` if it was seen before.
    public mutating func admit(device: DeviceID, nonce: String, timestamp: Int64, now: Int64) throws {
        let window = 2 * RequestAuthentication.maxClockSkewMilliseconds
        if now &- lastPrune > window / 4 {
            seen = seen.filter { now &- $0.value <= window }
            lastPrune = now
        }
        let key = device.rawValue + nonce
        guard seen[key] == nil else {
            throw ProtocolError(.conflict, "this request was already received (replayed nonce)")
        }
        seen[key] = timestamp
    }

    /// How many nonces are remembered.
    public var count: Int { seen.count }
}
