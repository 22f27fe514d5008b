@_spi(AttackDemonstration) @testable import ConfideAggregation
@testable import ConfideCrypto
@testable import ConfideProtocol
import Foundation
import Testing

/// docs/test-vectors/protocol.json: what a device needs around secure aggregation, from
/// ConfideProtocol: its identifier, signed HTTP requests, the signed model document (work
/// order), and the masked input sealed to the coordinator.
enum ProtocolVectors {
    static func file() throws -> VectorFile {
        var file = VectorFile(name: "protocol", description: """
            The device protocol around secure aggregation (docs/wire-format.md): device identifiers, signed HTTP \
            requests, the signed model document that carries a round's work order, and the sealed masked input
            """)
        try deviceID(&file)
        try requests(&file)
        try modelDocument(&file)
        try sealedInput(&file)
        return file
    }

    /// The round's identifier in URLs and work orders: the coordinator's 16 random bytes as
    /// hex, not the secure-aggregation round id inside the configuration.
    static let roundPath = Hex.encode(fixed("round record id", count: 16))

    static func deviceID(_ file: inout VectorFile) throws {
        for label in ["identity seed", "device 0/identity seed"] {
            let seed = fixed(label)
            let key = try IdentityKey(seed: SecureBytes(copying: seed)).publicKey
            let hashed = CryptoVectors.framed([Array("confide.device.v1".utf8), key.bytes])
            let id = try DeviceID(identity: key)
            #expect(id.rawValue == deviceIdentifier(key))
            #expect(try DeviceID(validating: id.rawValue) == id)
            file.add("device-id/\(label.replacingOccurrences(of: " ", with: "-").replacingOccurrences(of: "/", with: "-"))", """
                The device identifier: lowercase hex of the first 16 bytes of BLAKE2b-256(field("confide.device.v1") || \
                field(Ed25519 public key))
                """, inputs: ["identitySeed": .hex(seed)], outputs: [
                    "publicKey": .hex(key.bytes), "hashedBytes": .hex(hashed), "digest": .hex(try Digest.blake2b256(hashed)),
                    "deviceID": .string(id.rawValue),
                ])
        }
    }

    static func requests(_ file: inout VectorFile) throws {
        let seed = fixed("device 0/identity seed")
        let signer = try RequestSigner(identity: IdentityKey(seed: SecureBytes(copying: seed)))
        let round = try FixtureRound()
        let cases: [(String, String, String, [UInt8], Int64, [UInt8])] = [
            ("post-advertise", "post", "/v1/rounds/\(roundPath)/advertise", round.adverts[0].serialized(),
             1_767_225_600_000, fixed("request nonce 1", count: 16)),
            ("get-stage-with-query", "GET", "/v1/rounds/\(roundPath)/stage?after=unmask", [],
             1_767_225_601_234, fixed("request nonce 2", count: 16)),
            ("post-checkin-json", "POST", "/v1/checkin", Array("{}".utf8), 1_767_225_602_000, fixed("request nonce 3", count: 16)),
        ]
        for (name, method, target, body, timestamp, nonce) in cases {
            let headers = try signer.headers(method: method, target: target, body: body, timestamp: timestamp, nonce: Hex.encode(nonce))
            let message = try RequestAuthentication.canonicalMessage(method: method, target: target, device: signer.device,
                                                                     timestamp: timestamp, nonce: Hex.encode(nonce), body: body)
            let parsed = try SignedRequestHeaders { name in headers.first { $0.0 == name }?.1 }
            try parsed.verify(method: method.uppercased(), target: target, body: body, identity: signer.identity.publicKey, now: timestamp)
            file.add("request/\(name)", """
                A signed device request: Ed25519 over the UTF-8 text "confide-request-v1\\nMETHOD\\nTARGET\\nDEVICE\\nTIMESTAMP\\nNONCE\\n" \
                followed by hex(BLAKE2b-256(body)), no trailing newline; the method is upper-cased
                """, inputs: [
                    "identitySeed": .hex(seed), "method": .string(method), "target": .string(target), "body": .hex(body),
                    "timestamp": .integer(timestamp), "nonce": .hex(nonce),
                ], outputs: [
                    "bodyDigest": .hex(try Digest.blake2b256(body)), "signedText": .string(String(decoding: message, as: UTF8.self)),
                    "headers": .object(Members(headers.map { ($0.0, .string($0.1)) })),
                ])
        }
    }

    static func modelDocument(_ file: inout VectorFile) throws {
        let seed = fixed("coordinator identity seed")
        let key = try IdentityKey(seed: SecureBytes(copying: seed))
        let sealing = try AgreementKey(secret: SecureBytes(copying: fixed("coordinator sealing secret")))
        let round = try FixtureRound()
        let work = RoundWork(kind: .kmeansStep, vectorLength: FixtureRound.vectorLength, features: .movieLensUser, clusters: 2, sets: 1,
                             featureClamp: 2.5, errorScale: 0.125, countScale: 0.5)
        let document = ModelDocument(task: "kmeans", version: 3, round: roundPath, work: work,
                                     metadata: ["sealing_key": Data(sealing.publicKey.bytes).base64EncodedString()],
                                     parameters: [0.5, -1.25, 1e-300, 3.141592653589793], attachment: round.configuration.serialized())
        let bytes = try document.signed(by: key)
        #expect(try document.signed(by: key) == bytes)
        #expect(try ModelDocument(verifying: bytes, with: key.publicKey) == document)
        let headerLength = Int(bytes[4]) | Int(bytes[5]) << 8 | Int(bytes[6]) << 16 | Int(bytes[7]) << 24
        file.add("model-document/work-order", """
            A work order: "CFM1" || u32 header length || header JSON (sorted keys) || u32 count || count × f64 || \
            u32 attachment length || attachment (the round configuration) || Ed25519 signature of all preceding bytes
            """, inputs: [
                "coordinatorIdentitySeed": .hex(seed), "task": "kmeans", "version": 3, "round": .string(roundPath),
                "sealingSecret": .hex(sealing.secretBytes.vectorBytes),
                "parameters": .numbers(document.parameters), "attachment": .hex(document.attachment),
            ], outputs: [
                "coordinatorIdentityKey": .hex(key.publicKey.bytes),
                "headerJSON": .string(String(decoding: bytes[8..<(8 + headerLength)], as: UTF8.self)),
                "bytes": .hex(bytes), "signature": .hex(Array(bytes.suffix(64))),
            ])
    }

    static func sealedInput(_ file: inout VectorFile) throws {
        let sealing = try AgreementKey(secret: SecureBytes(copying: fixed("coordinator sealing secret")))
        let ephemeral = try AgreementKey(secret: SecureBytes(copying: fixed("device 0/sealing ephemeral")))
        let masked = try FixtureRound().maskedInputs[0]!.serialized()
        let box = try SealedBox.seal(masked, to: sealing.publicKey, ephemeral: ephemeral)
        #expect(try sealing.openSealedBox(box) == masked)
        file.add("sealed-masked-input", """
            The body of POST /v1/rounds/{id}/input: device 0's MaskedInput (secagg.json message/MaskedInput) sealed with \
            crypto_box_seal to the coordinator's X25519 sealing key from the work order; the ephemeral key is random for real
            """, inputs: [
                "sealingPublicKey": .hex(sealing.publicKey.bytes), "ephemeralSecret": .hex(ephemeral.secretBytes.vectorBytes),
                "maskedInput": .hex(masked),
            ], outputs: ["body": .hex(box)])
    }
}
