@_exported import struct ConfideAggregation.DeviceID
import ConfideAggregation
import ConfideCrypto

extension DeviceID {
    /// The identifier of the device holding `identity`: 128 bits of BLAKE2b over the
    /// Ed25519 public key, as 32 lowercase hex characters.
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
