import ConfideCrypto
import Foundation

/// The authentication headers of a received request, parsed and checked for form.
public struct SignedRequestHeaders: Sendable {
    /// The device the request claims to come from.
    public let device: DeviceID
    /// Unix milliseconds at signing.
    public let timestamp: Int64
    /// The request's nonce (32 hex characters).
    public let nonce: String
    /// The 64-byte Ed25519 signature.
    public let signature: [UInt8]

    /// Parses the four headers; `header` looks a header up by name.
    public init(header: (String) -> String?) throws {
        guard let device = header(RequestAuthentication.deviceHeader),
              let timestamp = header(RequestAuthentication.timestampHeader),
              let nonce = header(RequestAuthentication.nonceHeader),
              let signature = header(RequestAuthentication.signatureHeader)
        else {
            throw ProtocolError(.unauthenticated, "device requests must carry the headers \(RequestAuthentication.deviceHeader), "
                + "\(RequestAuthentication.timestampHeader), \(RequestAuthentication.nonceHeader) and \(RequestAuthentication.signatureHeader)")
        }
        self.device = try DeviceID(validating: device)
        guard let milliseconds = Int64(timestamp) else {
            throw ProtocolError(.unauthenticated, "\(RequestAuthentication.timestampHeader) must be Unix milliseconds")
        }
        self.timestamp = milliseconds
        guard nonce.utf8.count == 32, (try? Hex.decode(nonce)) != nil else {
            throw ProtocolError(.unauthenticated, "\(RequestAuthentication.nonceHeader) must be 16 bytes as hex")
        }
        self.nonce = nonce
        guard let bytes = Data(base64Encoded: signature), bytes.count == IdentityPublicKey.signatureByteCount else {
            throw ProtocolError(.unauthenticated, "\(RequestAuthentication.signatureHeader) must be a base64 Ed25519 signature")
        }
        self.signature = Array(bytes)
    }

    /// Checks the signature of this request under `identity` and that the timestamp is
    /// within the allowed skew of `now` (Unix milliseconds). Replay of the nonce is the
    /// caller's to check, with a ``ReplayGuard``.
    public func verify(method: String, target: String, body: [UInt8], identity: IdentityPublicKey, now: Int64) throws {
        guard abs(now - timestamp) <= RequestAuthentication.maxClockSkewMilliseconds else {
            throw ProtocolError(.unauthenticated, "the request timestamp is more than 5 minutes from the coordinator's clock")
        }
        guard try DeviceID(identity: identity) == device else {
            throw ProtocolError(.unauthenticated, "the identity key does not belong to device \(device)")
        }
        let message = try RequestAuthentication.canonicalMessage(
            method: method, target: target, device: device, timestamp: timestamp, nonce: nonce, body: body)
        guard identity.isValidSignature(signature, for: message) else {
            throw ProtocolError(.unauthenticated, "the request signature does not verify for device \(device)")
        }
    }
}
