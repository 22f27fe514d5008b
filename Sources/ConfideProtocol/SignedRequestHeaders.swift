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
        // A malformed credential is a failed authentication (401), like the other three headers.
        guard let device = try? DeviceID(validating: device) else {
            throw ProtocolError(.unauthenticated, "\(RequestAuthentication.deviceHeader) must be 32 lowercase hex characters")
        }
        self.device = device
        guard timestamp.utf8.count <= 20, let milliseconds = Int64(timestamp), milliseconds >= 0 else {
            throw ProtocolError(.unauthenticated, "\(RequestAuthentication.timestampHeader) must be Unix milliseconds (a non-negative integer)")
        }
        self.timestamp = milliseconds
        guard nonce.utf8.count == 32, (try? Hex.decode(nonce)) != nil else {
            throw ProtocolError(.unauthenticated, "\(RequestAuthentication.nonceHeader) must be 16 bytes as hex")
        }
        self.nonce = nonce
        guard signature.utf8.count <= 128, let bytes = Data(base64Encoded: signature), bytes.count == IdentityPublicKey.signatureByteCount else {
            throw ProtocolError(.unauthenticated, "\(RequestAuthentication.signatureHeader) must be a base64 Ed25519 signature")
        }
        self.signature = Array(bytes)
    }

    /// Checks that the timestamp is within the allowed skew of `now` and not before
    /// `notBefore` (both Unix milliseconds). A coordinator passes its start time as
    /// `notBefore`: nonces seen before a restart are forgotten, so requests signed before
    /// it could otherwise be replayed within the skew window.
    public func checkFreshness(now: Int64, notBefore: Int64 = 0) throws(ProtocolError) {
        // Both values are bounded (a parsed timestamp is non-negative), but a hostile one
        // can still be far from now: compute the distance without overflow.
        let (distance, overflow) = now.subtractingReportingOverflow(timestamp)
        guard !overflow, distance.magnitude <= UInt64(RequestAuthentication.maxClockSkewMilliseconds) else {
            throw ProtocolError(.unauthenticated, "the request timestamp is more than 5 minutes from the coordinator's clock")
        }
        guard timestamp >= notBefore else {
            throw ProtocolError(.unauthenticated, "the request was signed before the coordinator started; sign it again with the current time")
        }
    }

    /// Checks the timestamp (``checkFreshness(now:notBefore:)``) and the signature of this
    /// request under `identity`. Replay of the nonce is the caller's to check, with a ``ReplayGuard``.
    public func verify(method: String, target: String, body: [UInt8], identity: IdentityPublicKey, now: Int64,
                       notBefore: Int64 = 0) throws {
        try checkFreshness(now: now, notBefore: notBefore)
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
