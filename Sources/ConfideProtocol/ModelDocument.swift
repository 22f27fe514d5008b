import ConfideCrypto
import Foundation

/// A model or a round's work order, signed by the coordinator so devices can check it
/// came from the coordinator unaltered.
///
/// Binary layout (little-endian): `"CFM1"`, a `UInt32` header length, the header as JSON
/// with sorted keys (task, version, round, work, metadata), a `UInt32` parameter count, the parameters as `Float64`,
/// a `UInt32` attachment length and the attachment (a work order carries the round's
/// secure-aggregation configuration there), then a 64-byte Ed25519 signature over
/// everything before it. Parameters travel as
/// binary, never as JSON numbers, so they round-trip exactly.
public struct ModelDocument: Sendable, Equatable {
    /// What the header carries.
    public struct Header: Codable, Sendable, Equatable {
        /// The task whose model this is: `stats`, `kmeans`, `mf` or `eval`.
        public var task: String
        /// The model version the parameters are: published models count from 0; a work order
        /// for a task that has no model yet carries −1.
        public var version: Int64
        /// The round this work order belongs to; `nil` for a published model.
        public var round: String?
        /// What devices compute in that round; `nil` for a published model.
        public var work: RoundWork?
        /// Free-form descriptive values (e.g. `features`, `clusters`), never personal data.
        public var metadata: [String: String]
    }

    /// The header.
    public var header: Header
    /// The model's parameters; their layout depends on the task (docs/protocol.md).
    public var parameters: [Double]
    /// Opaque binary data signed with the document (a round's configuration), or empty.
    public var attachment: [UInt8]

    private static let magic = Array("CFM1".utf8)
    /// The most parameters a document may carry: 64 Mi values (512 MiB).
    public static let maxParameters = 1 << 26

    /// A document.
    public init(task: String, version: Int64, round: String? = nil, work: RoundWork? = nil,
                metadata: [String: String] = [:], parameters: [Double], attachment: [UInt8] = []) {
        header = Header(task: task, version: version, round: round, work: work, metadata: metadata)
        self.parameters = parameters
        self.attachment = attachment
    }

    /// The signed binary form.
    public func signed(by key: IdentityKey) throws -> [UInt8] {
        // Sorted keys make the signed bytes a function of the document alone; otherwise the
        // member order would follow each process's hash seed.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let header = try encoder.encode(self.header)
        var bytes = Self.magic
        bytes.reserveCapacity(16 + header.count + parameters.count * 8 + IdentityPublicKey.signatureByteCount)
        append(UInt32(header.count), to: &bytes)
        bytes += header
        append(UInt32(parameters.count), to: &bytes)
        for value in parameters { append(value.bitPattern, to: &bytes) }
        append(UInt32(attachment.count), to: &bytes)
        bytes += attachment
        bytes += try key.signature(for: bytes)
        return bytes
    }

    /// Parses `bytes` and checks their signature under `key`; throws on any malformed,
    /// truncated or altered document.
    public init(verifying bytes: [UInt8], with key: IdentityPublicKey) throws {
        let signatureLength = IdentityPublicKey.signatureByteCount
        guard bytes.count >= 12 + signatureLength, Array(bytes.prefix(4)) == Self.magic else {
            throw ProtocolError(.malformed, "not a Confide model document")
        }
        let body = Array(bytes.dropLast(signatureLength))
        guard key.isValidSignature(Array(bytes.suffix(signatureLength)), for: body) else {
            throw ProtocolError(.unauthenticated, "the model document's signature is not the coordinator's")
        }
        var offset = 4
        let headerLength = Int(try Self.read(UInt32.self, body, &offset))
        guard headerLength <= body.count - offset else { throw ProtocolError(.malformed, "model document header is truncated") }
        header = try JSONDecoder().decode(Header.self, from: Data(body[offset..<offset + headerLength]))
        offset += headerLength
        let count = Int(try Self.read(UInt32.self, body, &offset))
        guard count <= Self.maxParameters, body.count - offset >= count * 8 + 4 else {
            throw ProtocolError(.malformed, "model document parameters do not match their count")
        }
        var parameters = [Double](repeating: 0, count: count)
        for index in 0..<count { parameters[index] = Double(bitPattern: try Self.read(UInt64.self, body, &offset)) }
        guard parameters.allSatisfy(\.isFinite) else { throw ProtocolError(.malformed, "model parameters must be finite") }
        self.parameters = parameters
        let attachmentLength = Int(try Self.read(UInt32.self, body, &offset))
        guard body.count - offset == attachmentLength else {
            throw ProtocolError(.malformed, "model document attachment does not match its length")
        }
        attachment = Array(body[offset...])
    }

    private func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    private static func read<T: FixedWidthInteger>(_: T.Type, _ bytes: [UInt8], _ offset: inout Int) throws -> T {
        let size = MemoryLayout<T>.size
        guard offset + size <= bytes.count else { throw ProtocolError(.malformed, "model document is truncated") }
        var value: T = 0
        for index in (0..<size).reversed() { value = value << 8 | T(bytes[offset + index]) }
        offset += size
        return value
    }
}
