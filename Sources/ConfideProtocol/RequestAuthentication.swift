import ConfideCrypto

/// How devices sign HTTP requests, so that no device can speak for another and no
/// request can be replayed.
///
/// A device sends four headers: its ``DeviceID``, a timestamp (Unix milliseconds), a
/// random nonce, and an Ed25519 signature over the canonical message
///
///     confide-request-v1 \n METHOD \n PATH?QUERY \n DEVICE \n TIMESTAMP \n NONCE \n hex(BLAKE2b-256(body))
///
/// The coordinator accepts a timestamp within ``maxClockSkewMilliseconds`` of its own
/// clock and each nonce at most once per device within that window.
public enum RequestAuthentication {
    /// Header naming the device.
    public static let deviceHeader = "Confide-Device"
    /// Header with the Unix time of signing, in milliseconds.
    public static let timestampHeader = "Confide-Timestamp"
    /// Header with 16 random bytes as hex, unique per request.
    public static let nonceHeader = "Confide-Nonce"
    /// Header with the base64 Ed25519 signature of the canonical message.
    public static let signatureHeader = "Confide-Signature"
    /// How far a request's timestamp may be from the coordinator's clock: 5 minutes.
    public static let maxClockSkewMilliseconds: Int64 = 300_000

    /// The bytes a device signs for one request.
    public static func canonicalMessage(method: String, target: String, device: DeviceID, timestamp: Int64,
                                        nonce: String, body: [UInt8]) throws -> [UInt8] {
        let bodyDigest = Hex.encode(try Digest.blake2b256(body))
        let text = ["confide-request-v1", method.uppercased(), target, device.rawValue, String(timestamp), nonce, bodyDigest]
            .joined(separator: "\n")
        return Array(text.utf8)
    }
}
