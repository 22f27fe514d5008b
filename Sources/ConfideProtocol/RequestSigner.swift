import ConfideCrypto
import Foundation

/// Signs a device's HTTP requests with its identity key (see ``RequestAuthentication``).
public struct RequestSigner: Sendable {
    /// The device's identity key.
    public let identity: IdentityKey
    /// The identifier derived from it.
    public let device: DeviceID

    /// A signer for the device holding `identity`.
    public init(identity: IdentityKey) throws {
        self.identity = identity
        device = try DeviceID(identity: identity.publicKey)
    }

    /// The authentication headers for a request, as (name, value) pairs.
    ///
    /// - Parameters:
    ///   - method: the HTTP method, e.g. `POST`.
    ///   - target: the path with its query string, exactly as sent, e.g. `/v1/checkin`.
    ///   - body: the exact body bytes (empty for none).
    ///   - timestamp: Unix milliseconds; defaults to now.
    public func headers(method: String, target: String, body: [UInt8],
                        timestamp: Int64 = Int64(Date().timeIntervalSince1970 * 1000)) throws -> [(String, String)] {
        try headers(method: method, target: target, body: body, timestamp: timestamp,
                    nonce: Hex.encode(try SecureRandom.bytes(count: 16)))
    }

    /// The headers with a caller-chosen nonce. Internal: a repeated nonce is refused as a
    /// replay, so only known-answer tests choose one.
    func headers(method: String, target: String, body: [UInt8], timestamp: Int64,
                 nonce: String) throws -> [(String, String)] {
        let message = try RequestAuthentication.canonicalMessage(
            method: method, target: target, device: device, timestamp: timestamp, nonce: nonce, body: body)
        let signature = try identity.signature(for: message)
        return [
            (RequestAuthentication.deviceHeader, device.rawValue),
            (RequestAuthentication.timestampHeader, String(timestamp)),
            (RequestAuthentication.nonceHeader, nonce),
            (RequestAuthentication.signatureHeader, Data(signature).base64EncodedString()),
        ]
    }
}
