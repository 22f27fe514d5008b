@_exported import struct ConfideAggregation.DeviceID
import ConfideAggregation
import ConfideCrypto

extension DeviceID {
    /// The identifier of the device holding `identity`: the first 16 bytes of
    /// BLAKE2b-256 over the fields `confide.device.v1` and the 32-byte Ed25519 public key
    /// (each prefixed with its length as a `UInt32` little-endian), as 32 lowercase hex
    /// characters (docs/wire-format.md, section 2.2).
    ///
    /// Because the identifier is derived from the key, a device cannot register under
    /// another device's identifier, and every signed request names the key that must verify it.
    public init(identity: IdentityPublicKey) throws {
        let digest = try Digest.blake2b256(fields: [Array("confide.device.v1".utf8), identity.bytes])
        try self.init(Hex.encode(Array(digest.prefix(16))))
    }

    /// Parses an identifier received on the wire; throws unless it is 32 lowercase hex
    /// characters, the only form ``init(identity:)`` produces.
    public init(validating text: String) throws {
        guard text.utf8.count == 32, text.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
            throw ProtocolError(.malformed, "a device id is 32 lowercase hex characters")
        }
        try self.init(text)
    }
}

extension DeviceID: Codable {
    public init(from decoder: any Decoder) throws {
        try self.init(validating: decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
