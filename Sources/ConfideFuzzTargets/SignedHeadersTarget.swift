import ConfideCrypto
import ConfideProtocol
import Foundation

/// Signed-request headers: `device \n timestamp \n nonce \n signature \n method \n target \n body`.
///
/// The headers are parsed, then checked for freshness at the signing time and at extreme
/// clocks, then verified under a fixed device identity as the coordinator would.
enum SignedHeadersTarget {
    /// The coordinator's clock in the target: the seeds are signed at this instant.
    static let now: Int64 = 1_800_000_000_000

    static func run(_ bytes: [UInt8]) {
        let fields = bytes.split(separator: 0x0A, maxSplits: 6, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        let names = [RequestAuthentication.deviceHeader, RequestAuthentication.timestampHeader,
                     RequestAuthentication.nonceHeader, RequestAuthentication.signatureHeader]
        var headers: [String: String] = [:]
        for (name, value) in zip(names, fields) { headers[name] = value }
        guard let parsed = try? SignedRequestHeaders(header: { headers[$0] }) else { return }
        for clock in [now, 0, Int64.max, Int64.min, parsed.timestamp] {
            for notBefore in [0, now - 1_000, Int64.max, Int64.min] {
                _ = try? parsed.checkFreshness(now: clock, notBefore: notBefore)
            }
        }
        guard let identity = FuzzKeys.coordinator else { return }
        let method = fields.count > 4 ? fields[4] : "POST"
        let target = fields.count > 5 ? fields[5] : "/v1/checkin"
        let body = fields.count > 6 ? Array(fields[6].utf8) : []
        _ = try? parsed.verify(method: method, target: target, body: body, identity: identity.publicKey, now: now)
    }

    static func seeds() throws -> [(name: String, bytes: [UInt8])] {
        guard let identity = FuzzKeys.coordinator else { return [] }
        let device = try DeviceID(identity: identity.publicKey)
        var seeds: [(name: String, bytes: [UInt8])] = []
        for (name, method, target, body) in [("checkin", "POST", "/v1/checkin", ""),
                                             ("consent", "POST", "/v1/consent", #"{"purpose":"recommendations","granted":true,"channel":"app","method":"toggle"}"#),
                                             ("work", "GET", "/v1/rounds/7/work", "")] {
            let nonce = String(repeating: "ab", count: 16)
            let message = try RequestAuthentication.canonicalMessage(
                method: method, target: target, device: device, timestamp: now, nonce: nonce, body: Array(body.utf8))
            let signature = Data(try identity.signature(for: message)).base64EncodedString()
            let text = [device.rawValue, String(now), nonce, signature, method, target, body].joined(separator: "\n")
            seeds.append((name, Array(text.utf8)))
        }
        return seeds
    }
}
