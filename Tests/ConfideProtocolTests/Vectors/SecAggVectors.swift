@_spi(AttackDemonstration) @testable import ConfideAggregation
@testable import ConfideCrypto
import Testing

/// docs/test-vectors/secagg.json: the round configuration, the neighbour graph, every key
/// and mask of the fixture round's device 0, and its binary messages.
///
/// To add a message: build it from fixed field values (the fixture's devices hold every
/// secret) and call ``VectorFile/message(_:_:kind:fields:bytes:reparse:)``, which also checks
/// that the real parser reads the bytes back unchanged.
enum SecAggVectors {
    static func file() throws -> VectorFile {
        var file = VectorFile(name: "secagg", description: """
            Secure aggregation, wire format version 2 (docs/wire-format.md): a fixed round of 6 devices, 3 neighbours each, \
            threshold 2, 5-word vectors, in which one neighbour of device 0 shares its keys and sends its receipt, then drops. \
            Every secret of every device is an input, so a device written from the documents can reproduce \
            device 0's messages byte for byte, and a coordinator can be checked against the whole round.
            """)
        let round = try FixtureRound()
        try configuration(&file, round)
        try graphs(&file, round)
        try devices(&file, round)
        try device0(&file, round)
        try messages(&file, round)
        try transcript(&file, round)
        try quantization(&file)
        return file
    }

    static func configuration(_ file: inout VectorFile, _ round: FixtureRound) throws {
        let c = round.configuration
        file.add("round-configuration", "RoundConfiguration (kind 0) serialized, and its digest: BLAKE2b-256 of those bytes, unkeyed", inputs: [
            "roundID": .u64(c.roundID), "roundSeed": .hex(c.roundSeed),
            "cohort": .array(c.cohort.map { ["id": .string($0.id.rawValue), "identityKey": .hex($0.identityKey.bytes)] }),
            "neighbourCount": .int(c.neighbourCount), "threshold": .int(c.threshold), "vectorLength": .int(c.vectorLength),
            "minimumInputs": .int(c.minimumInputs), "clipNorm": .number(c.quantization.clipNorm),
            "bound": .number(c.quantization.bound), "fractionalBits": .int(c.quantization.fractionalBits),
            "noiseMultiplier": .number(c.noiseMultiplier),
        ], outputs: ["bytes": .hex(c.serialized()), "digest": .hex(c.digest)])
        #expect(try RoundConfiguration(serialized: c.serialized()).serialized() == c.serialized())
        #expect(try Wire.kind(of: c.serialized()) == .configuration)
    }

    static func graphs(_ file: inout VectorFile, _ round: FixtureRound) throws {
        let cases: [(String, [UInt8], Int, Int)] = [
            ("fixture", round.roundSeed, FixtureRound.deviceCount, FixtureRound.neighbourCount),
            ("10-devices-degree-5", fixed("graph seed 10"), 10, 5),
            ("9-devices-degree-4", fixed("graph seed 9"), 9, 4),
        ]
        for (name, seed, n, k) in cases {
            let graph = try NeighbourGraph(seed: seed, deviceCount: n, degree: k)
            var stream = [UInt32](repeating: 0, count: 8)
            let context = try MaskContext("confide.secagg.v1/neighbour-graph")
            try stream.withUnsafeMutableBufferPointer { try Mask.expand(seed: SymmetricKey(bytes: seed), context: context, into: $0) }
            file.add("neighbour-graph/\(name)", """
                Harary ring: the ring order (Fisher–Yates over the seed stream, words drawn by rejection sampling), \
                then each device's neighbours ascending; a device's Shamir share for a neighbour has index \
                (position of the neighbour in this list) + 1
                """, inputs: ["roundSeed": .hex(seed), "deviceCount": .int(n), "degree": .int(k)], outputs: [
                "seedStreamLabel": "confide.secagg.v1/neighbour-graph", "seedStreamNonce": .hex(context.nonce),
                "seedStreamFirstWords": .words(stream),
                "ring": .ints(try NeighbourGraph.shuffledRing(seed: seed, count: n)),
                "neighbours": .array((0..<n).map { .ints(Array(graph.neighbours(of: $0))) }),
            ])
        }
    }

    static func devices(_ file: inout VectorFile, _ round: FixtureRound) throws {
        let labels = round.labels
        file.add("mask-labels", "The round's key-derivation contexts and mask-stream labels, and the XChaCha20 nonces the labels hash to",
                 inputs: ["roundID": .u64(FixtureRound.roundID)], outputs: [
                     "shareEncryptionContext": .string(labels.shareKeyContext), "pairMaskSeedContext": .string(labels.pairKeyContext),
                     "selfMaskLabel": .string("confide.secagg.v1/self-mask/round \(FixtureRound.roundID)"),
                     "selfMaskNonce": .hex(labels.selfMask.nonce),
                     "pairMaskLabel": .string("confide.secagg.v1/pair-mask/round \(FixtureRound.roundID)"),
                     "pairMaskNonce": .hex(labels.pairMask.nonce),
                 ])
        for device in round.devices {
            file.add("device/\(device.index)", "Every secret of fixture device \(device.index) and what follows from it", inputs: [
                "identitySeed": .hex(device.identitySeed),
                "encryptionSecret": .hex(device.encryption.secretBytes.vectorBytes),
                "maskSecret": .hex(device.mask.secretBytes.vectorBytes),
                "selfMaskSeed": .hex(device.selfSeed.vectorBytes),
                "selfMaskCoefficients": .hex(device.selfCoefficients),
                "maskKeyCoefficients": .hex(device.keyCoefficients),
                "envelopeNonces": .array(round.configuration.graph.neighbours(of: device.index).map {
                    ["recipient": .int($0), "nonce": .hex(device.nonce(to: Int($0)))]
                }),
                "input": .words(device.input),
            ], outputs: [
                "identityPublicKey": .hex(device.identity.publicKey.bytes),
                "deviceID": .string(round.configuration.cohort[device.index].id.rawValue),
                "encryptionPublicKey": .hex(device.encryption.publicKey.bytes),
                "maskPublicKey": .hex(device.mask.publicKey.bytes),
                "selfMaskCommitment": .hex(try ShareKeys.commitment(to: device.selfSeed)),
                "selfMaskShares": .array(device.selfShares.map { .hex($0.vectorBytes) }),
                "maskKeyShares": .array(device.keyShares.map { .hex($0.vectorBytes) }),
            ])
        }
    }

    /// Device 0's derivations, one neighbour at a time.
    static func device0(_ file: inout VectorFile, _ round: FixtureRound) throws {
        let me = round.devices[0]
        let c = round.configuration
        for peer in round.neighbourKeys[0].advertisements {
            let j = peer.sender
            let other = round.devices[j]
            let shareKey = try me.shareKey(with: peer, round.labels)
            let pairSeed = try me.pairSeed(with: peer, round.labels)
            #expect(try other.shareKey(with: round.adverts[0], round.labels).vectorBytes == shareKey.vectorBytes)
            #expect(try other.pairSeed(with: round.adverts[0], round.labels).vectorBytes == pairSeed.vectorBytes)
            file.add("pairwise/0-\(j)", "Device 0's share-encryption key and pair-mask seed with neighbour \(j); both sides derive the same", inputs: [
                "ownEncryptionSecret": .hex(me.encryption.secretBytes.vectorBytes), "peerEncryptionPublicKey": .hex(peer.encryptionKey.bytes),
                "ownMaskSecret": .hex(me.mask.secretBytes.vectorBytes), "peerMaskPublicKey": .hex(peer.maskKey.bytes),
                "shareEncryptionContext": .string(round.labels.shareKeyContext), "pairMaskSeedContext": .string(round.labels.pairKeyContext),
            ], outputs: [
                "encryptionSharedPoint": .hex(try me.encryption.sharedPoint(with: peer.encryptionKey).vectorBytes),
                "shareEncryptionKey": .hex(shareKey.vectorBytes),
                "maskSharedPoint": .hex(try me.mask.sharedPoint(with: peer.maskKey).vectorBytes),
                "pairMaskSeed": .hex(pairSeed.vectorBytes),
            ])
            let envelope = try me.envelope(to: peer, c, round.labels)
            let position = c.graph.position(of: j, among: 0)!
            file.add("envelope/0-to-\(j)", """
                Device 0's shares for neighbour \(j) (its position \(position) in device 0's neighbour list, so share index \
                \(position + 1)): XChaCha20-Poly1305 under the share-encryption key, nonce || ciphertext || tag
                """, inputs: [
                    "shareEncryptionKey": .hex(shareKey.vectorBytes), "nonce": .hex(me.nonce(to: j)),
                    "plaintext": .hex(me.envelopePlaintext(to: j, c)), "configurationDigest": .hex(c.digest),
                    "sender": 0, "recipient": .int(j),
                ], outputs: [
                    "associatedData": .hex(EncryptedShares.associatedData(c, sender: 0, recipient: j)),
                    "envelope": .hex(envelope.ciphertext),
                ])
        }
        let advert = round.adverts[0]
        file.add("signature/advertise-keys-0", """
            A device signature: Ed25519 (deterministic) over the 32-byte transcript \
            BLAKE2b-256(field(label) || field(configuration digest) || field(unsigned message bytes))
            """, inputs: [
                "label": "confide.secagg.v1.signature", "configurationDigest": .hex(c.digest),
                "unsignedMessage": .hex(advert.unsignedBytes), "identitySeed": .hex(me.identitySeed),
            ], outputs: [
                "transcript": .hex(try Signing.transcript(c, advert.unsignedBytes)), "signature": .hex(advert.signature),
            ])
        let partners = round.partners[0].partners.map { round.adverts[$0] }
        let terms = try me.maskTerms(partners: partners, round.labels)
        var streams: [JSONValue] = []
        let owners: [Int?] = [nil] + partners.map { Optional($0.sender) }
        for (term, partner) in zip(terms, owners) {
            var words = [UInt32](repeating: 0, count: FixtureRound.vectorLength)
            try words.withUnsafeMutableBufferPointer { try Mask.expand(seed: term.seed, context: term.context, into: $0) }
            streams.append([
                "what": .string(partner.map { "pair mask with device \($0)" } ?? "self mask"),
                "seed": .hex(term.seed.vectorBytes), "nonce": .hex(term.context.nonce),
                "sign": .string(term.sign == .add ? "+" : "-"), "words": .words(words),
            ])
        }
        file.add("masking/device-0", """
            Device 0's masked input: y = x + PRG(self-mask seed) ± PRG(pair seed) for each of its mask partners (message/MaskPartners), \
            word by word modulo 2^32 (+ when device 0 has the lower index of the pair)
            """, inputs: ["input": .words(me.input)], outputs: [
                "streams": .array(streams), "masked": .words(round.maskedInputs[0]!.words),
            ])
    }

    static func messages(_ file: inout VectorFile, _ round: FixtureRound) throws {
        let c = round.configuration
        let id: JSONValue = .u64(FixtureRound.roundID)
        let advert = round.adverts[0]
        file.message("AdvertiseKeys", "Device 0's key advertisement", kind: .advertiseKeys, fields: [
            "roundID": id, "sender": 0, "encryptionPublicKey": .hex(advert.encryptionKey.bytes),
            "maskPublicKey": .hex(advert.maskKey.bytes), "identitySeed": .hex(round.devices[0].identitySeed),
        ], bytes: advert.serialized()) { try AdvertiseKeys(serialized: $0).serialized() }
        for other in round.adverts where other.sender != 0 { try other.verify(c) }
        try advert.verify(c)

        let keys = round.neighbourKeys[0]
        file.message("NeighbourKeys", "Coordinator to device 0: its neighbours' AdvertiseKeys messages, unchanged, by ascending sender",
                     kind: .neighbourKeys, fields: [
                         "roundID": id, "recipient": 0, "advertisements": .array(keys.advertisements.map { .hex($0.serialized()) }),
                     ], bytes: keys.serialized()) { try NeighbourKeys(serialized: $0).serialized() }

        let shares = round.shareKeys[0]
        file.message("ShareKeys", "Device 0's commitment and one envelope per neighbour (vectors envelope/0-to-*), by ascending recipient",
                     kind: .shareKeys, fields: [
                         "roundID": id, "sender": 0, "selfMaskCommitment": .hex(shares.selfMaskCommitment),
                         "envelopes": .array(shares.envelopes.map { ["recipient": .int($0.recipient), "envelope": .hex($0.ciphertext)] }),
                         "identitySeed": .hex(round.devices[0].identitySeed),
                     ], bytes: shares.serialized()) { try ShareKeys(serialized: $0).serialized() }
        try Signing.verify(shares.signature, over: shares.unsignedBytes, sender: 0, what: .shareKeys, c)

        let delivery = round.deliveries[0]
        file.message("ShareDelivery", "Coordinator to device 0: the envelopes its neighbours sealed to it, by ascending sender",
                     kind: .shareDelivery, fields: [
                         "roundID": id, "recipient": 0,
                         "envelopes": .array(delivery.envelopes.map { ["sender": .int($0.sender), "envelope": .hex($0.ciphertext)] }),
                     ], bytes: delivery.serialized()) { try ShareDelivery(serialized: $0).serialized() }

        let receipt = round.receipts[0]
        file.message("ShareReceipt", "Device 0's receipt for message/ShareDelivery: every envelope opened, so the failed list is empty",
                     kind: .shareReceipt, fields: [
                         "roundID": id, "sender": 0, "failed": .ints(receipt.failed), "identitySeed": .hex(round.devices[0].identitySeed),
                     ], bytes: receipt.serialized()) { try ShareReceipt(serialized: $0).serialized() }
        try Signing.verify(receipt.signature, over: receipt.unsignedBytes, sender: 0, what: .shareReceipt, c)
        #expect(receipt.failed.isEmpty)

        // The same delivery with the last byte (inside the tag) of the first sender's envelope
        // flipped: that envelope no longer opens, and the receipt names its sender.
        let me = round.devices[0]
        let spoiledSender = delivery.envelopes[0].sender
        var spoiledEnvelope = delivery.envelopes[0].ciphertext
        spoiledEnvelope[spoiledEnvelope.count - 1] ^= 0xFF
        let spoiled = ShareDelivery(roundID: FixtureRound.roundID, recipient: 0, envelopes: [
            EncryptedShares(sender: spoiledSender, recipient: 0, ciphertext: spoiledEnvelope),
        ] + delivery.envelopes.dropFirst())
        let failed = try me.openEnvelopes(spoiled, adverts: round.adverts, c, round.labels).failed
        #expect(failed == [spoiledSender])
        let failedReceipt = try me.shareReceipt(failed: failed, c)
        file.message("ShareReceipt-failed", """
            Device 0's receipt when the envelope of neighbour \(spoiledSender) in its ShareDelivery does not open \
            (its last byte flipped, so the tag fails): the failed list names that sender
            """, kind: .shareReceipt, fields: [
                "roundID": id, "sender": 0, "spoiledEnvelope": ["sender": .int(spoiledSender), "envelope": .hex(spoiledEnvelope)],
                "failed": .ints(failed), "identitySeed": .hex(me.identitySeed),
            ], bytes: failedReceipt.serialized()) { try ShareReceipt(serialized: $0).serialized() }
        try Signing.verify(failedReceipt.signature, over: failedReceipt.unsignedBytes, sender: 0, what: .shareReceipt, c)

        let partners = round.partners[0]
        file.message("MaskPartners", """
            Coordinator to device 0: the neighbours it masks with and whose shares it keeps; no receipt named a failure, \
            so all its neighbours
            """, kind: .maskPartners, fields: [
                "roundID": id, "recipient": 0, "partners": .ints(partners.partners),
            ], bytes: partners.serialized()) { try MaskPartners(serialized: $0).serialized() }

        let masked = round.maskedInputs[0]!
        file.message("MaskedInput", "Device 0's masked input (vector masking/device-0)", kind: .maskedInput, fields: [
            "roundID": id, "sender": 0, "words": .words(masked.words), "identitySeed": .hex(round.devices[0].identitySeed),
        ], bytes: masked.serialized()) { try MaskedInput(serialized: $0).serialized() }
        try Signing.verify(masked.signature, over: masked.unsignedBytes, sender: 0, what: .maskedInput, c)

        let set = round.contributorSets[0]!
        file.message("ContributorSet", """
            Coordinator to device 0: the devices whose masked input arrived, \(round.contributors.members) (device \(round.dropped) \
            dropped), as a bitmap of the cohort
            """, kind: .contributorSet, fields: [
                "roundID": id, "recipient": 0, "cohortSize": .int(set.contributors.count),
                "contributors": .ints(set.contributors.members),
            ], bytes: set.serialized()) { try ContributorSet(serialized: $0).serialized() }

        let consistency = round.consistencySignatures[0]!
        let signedBytes = ConsistencySignature.signedBytes(roundID: FixtureRound.roundID, sender: 0, contributors: round.contributors)
        file.add("signature/consistency-0", """
            Device 0's signature over the contributor set: the signed bytes are header(kind 11, round, sender 0) || u32 n || bitmap \
            (the set is not repeated in the message), signed through the usual transcript
            """, inputs: [
                "label": "confide.secagg.v1.signature", "configurationDigest": .hex(c.digest),
                "contributorSet": .hex(set.serialized()), "identitySeed": .hex(me.identitySeed),
            ], outputs: [
                "signedBytes": .hex(signedBytes), "transcript": .hex(try Signing.transcript(c, signedBytes)),
                "signature": .hex(consistency.signature),
            ])
        file.message("ConsistencySignature", "Device 0's signature over the contributor set (vector signature/consistency-0)",
                     kind: .consistencySignature, fields: [
                         "roundID": id, "sender": 0, "contributors": .ints(round.contributors.members),
                         "identitySeed": .hex(me.identitySeed),
                     ], bytes: consistency.serialized()) { try ConsistencySignature(serialized: $0).serialized() }
        try consistency.verify(round.contributors, c)

        let request = round.requests[0]!
        for signature in request.signatures { try signature.verify(round.contributors, c) }
        file.message("UnmaskRequest", """
            Coordinator to device 0: the contributor set it signed, with the signatures of its neighbours in the set \
            (\(request.signatures.map(\.sender))) over that same set, by ascending signer
            """, kind: .unmaskRequest, fields: [
                "roundID": id, "recipient": 0, "cohortSize": .int(request.contributors.count),
                "contributors": .ints(request.contributors.members),
                "signatures": .array(request.signatures.map { ["signer": .int($0.sender), "signature": .hex($0.signature)] }),
            ], bytes: request.serialized()) { try UnmaskRequest(serialized: $0).serialized() }

        let response = round.responses[0]!
        let survivors = partners.partners.filter(round.contributors.contains)
        let dropped = partners.partners.filter { !round.contributors.contains($0) }
        file.message("UnmaskResponse", """
            Device 0's answer to message/UnmaskRequest: the self-mask share it holds of each partner in the set \(survivors), \
            the mask-key share of each partner outside it \(dropped)
            """, kind: .unmaskResponse, fields: [
                "roundID": id, "sender": 0, "survivors": .ints(survivors), "dropped": .ints(dropped),
                "selfMaskShares": .array(response.selfMaskShares.map { ["owner": .int($0.owner), "share": .hex($0.bytes)] }),
                "maskKeyShares": .array(response.maskKeyShares.map { ["owner": .int($0.owner), "share": .hex($0.bytes)] }),
                "identitySeed": .hex(round.devices[0].identitySeed),
            ], bytes: response.serialized()) { try UnmaskResponse(serialized: $0).serialized() }
        try Signing.verify(response.signature, over: response.unsignedBytes, sender: 0, what: .unmaskResponse, c)
    }

    /// Every message of the round, for checking a coordinator (kinds with vectors only).
    static func transcript(_ file: inout VectorFile, _ round: FixtureRound) throws {
        let contributors = round.maskedInputs.keys.sorted()
        file.add("round-transcript", """
            Every device's messages and the coordinator's answers in the fixture round, each list by ascending party \
            (device \(round.dropped) sends no MaskedInput, so it gets no ContributorSet or UnmaskRequest and sends no \
            ConsistencySignature or UnmaskResponse); the released sum is the wrapping sum of the contributors' inputs
            """, inputs: ["dropped": .int(round.dropped)], outputs: [
                "AdvertiseKeys": .array(round.adverts.map { .hex($0.serialized()) }),
                "NeighbourKeys": .array(round.neighbourKeys.map { .hex($0.serialized()) }),
                "ShareKeys": .array(round.shareKeys.map { .hex($0.serialized()) }),
                "ShareDelivery": .array(round.deliveries.map { .hex($0.serialized()) }),
                "ShareReceipt": .array(round.receipts.map { .hex($0.serialized()) }),
                "MaskPartners": .array(round.partners.map { .hex($0.serialized()) }),
                "MaskedInput": .array(contributors.map { .hex(round.maskedInputs[$0]!.serialized()) }),
                "ContributorSet": .array(contributors.map { .hex(round.contributorSets[$0]!.serialized()) }),
                "ConsistencySignature": .array(contributors.map { .hex(round.consistencySignatures[$0]!.serialized()) }),
                "UnmaskRequest": .array(contributors.map { .hex(round.requests[$0]!.serialized()) }),
                "UnmaskResponse": .array(contributors.map { .hex(round.responses[$0]!.serialized()) }),
                "contributors": .ints(contributors),
                "sum": .words(round.expectedSum),
            ])
    }

    static func quantization(_ file: inout VectorFile) throws {
        let parameters = try QuantizationParameters(clipNorm: 1.5, bound: 2, fractionalBits: 20)
        let quantizer = Quantizer(parameters: parameters)
        let update = [0.5, -1.25, 3.0, 0.1, -0.1, 1e-7, 0]
        let (clipped, wasClipped) = try quantizer.clip(update)
        let coins: [UInt64] = [0, .max, 0x8000_0000_0000_0000, 0x1999_9999_9999_9999, 0xE666_6666_6666_6666, 0x0123_4567_89AB_CDEF, 42]
        let (words, clamped) = quantizer.quantize(clipped, coins: coins)
        file.add("quantization/encode", """
            Clip to L2 norm clipNorm, clamp each coordinate to [-bound, bound], scale by 2^fractionalBits and round \
            stochastically: up when (coin >> 11) * 2^-53 < the fractional part; store the integer as a two's-complement word
            """, inputs: [
                "clipNorm": .number(parameters.clipNorm), "bound": .number(parameters.bound),
                "fractionalBits": .int(parameters.fractionalBits), "update": .numbers(update), "coins": .array(coins.map { .u64($0) }),
            ], outputs: [
                "clipped": .bool(wasClipped), "clippedUpdate": .numbers(clipped), "words": .words(words), "clampedCoordinates": .int(clamped),
            ])
        let sum: [UInt32] = [0, 1, 0xFFFF_FFFF, 0x7FFF_FFFF, 0x8000_0001, 0x0010_0000, 0xFFF0_0000]
        file.add("quantization/decode", "The coordinator's decoding of an unmasked sum: each word as a signed 32-bit integer divided by 2^fractionalBits",
                 inputs: ["fractionalBits": .int(parameters.fractionalBits), "sum": .words(sum)],
                 outputs: ["values": .numbers(quantizer.dequantize(sum: sum))])
    }
}

extension VectorFile {
    /// Adds the vector `message/<name>` for a binary message, after checking that the real
    /// parser reads `bytes` as `kind` and writes them back unchanged. `fields` are the
    /// values it was built from (the identity seed signs it; Ed25519 is deterministic).
    mutating func message(_ name: String, _ description: String, kind: Wire.Kind, fields: Members, bytes: [UInt8],
                          reparse: ([UInt8]) throws -> [UInt8]) {
        #expect((try? Wire.kind(of: bytes)) == kind, "\(name) names kind \(kind)")
        #expect((try? reparse(bytes)) == bytes, "\(name) round-trips through its parser")
        add("message/\(name)", "\(description) (kind \(kind.rawValue), \(bytes.count) bytes)", inputs: fields,
            outputs: ["bytes": .hex(bytes), "byteCount": .int(bytes.count)])
    }
}
