import ConfideCrypto

extension RoundConfiguration: Equatable {
    /// Two configurations are equal when their serializations are (compared by digest).
    public static func == (lhs: RoundConfiguration, rhs: RoundConfiguration) -> Bool { lhs.digest == rhs.digest }

    /// The configuration as bytes (``Wire`` framing, kind `configuration`); its BLAKE2b-256
    /// is ``digest``.
    public func serialized() -> [UInt8] {
        Self.encode(roundID: roundID, roundSeed: roundSeed, cohort: cohort, neighbourCount: neighbourCount,
                    threshold: threshold, vectorLength: vectorLength, minimumInputs: minimumInputs,
                    quantization: quantization, noiseMultiplier: noiseMultiplier)
    }

    /// Parses and validates a configuration produced by ``serialized()``.
    public init(serialized bytes: [UInt8]) throws(AggregationError) {
        var reader = ByteReader(bytes, what: "a RoundConfiguration")
        let (round, _) = try Wire.readHeader(&reader, .configuration)
        let seed = try reader.raw(Self.seedByteCount, "round seed")
        let count = Int(try reader.u32("cohort size"))
        guard count <= reader.remaining / (1 + 1 + IdentityPublicKey.byteCount) else {
            throw AggregationError(.malformedMessage, "a RoundConfiguration declares \(count) devices but is too short for them")
        }
        var cohort: [CohortMember] = []
        cohort.reserveCapacity(count)
        for position in 0..<count {
            let id = try DeviceID(try reader.shortString("device id \(position)"))
            let key = try reader.raw(IdentityPublicKey.byteCount, "identity key \(position)")
            cohort.append(CohortMember(id: id, identityKey: try crypto("identity key") { try IdentityPublicKey(bytes: key) }))
        }
        let k = Int(try reader.u16("neighbour count"))
        let t = Int(try reader.u16("threshold"))
        let length = Int(try reader.u32("vector length"))
        let minimum = Int(try reader.u32("minimum inputs"))
        let clip = try reader.f64("clip norm")
        let bound = try reader.f64("bound")
        let bits = Int(try reader.u8("fractional bits"))
        let noise = try reader.f64("noise multiplier")
        try reader.finish()
        try self.init(roundID: round, roundSeed: seed, cohort: cohort, neighbourCount: k, threshold: t,
                      vectorLength: length, minimumInputs: minimum,
                      quantization: QuantizationParameters(clipNorm: clip, bound: bound, fractionalBits: bits),
                      noiseMultiplier: noise)
    }

    static func encode(roundID: UInt64, roundSeed: [UInt8], cohort: [CohortMember], neighbourCount: Int, threshold: Int,
                       vectorLength: Int, minimumInputs: Int, quantization: QuantizationParameters,
                       noiseMultiplier: Double) -> [UInt8] {
        var writer = ByteWriter(capacity: Wire.headerByteCount + 80 + cohort.count * 48)
        Wire.writeHeader(&writer, .configuration, round: roundID, party: 0)
        writer.raw(roundSeed)
        writer.u32(UInt32(cohort.count))
        for member in cohort {
            writer.shortString(member.id.rawValue)
            writer.raw(member.identityKey.bytes)
        }
        writer.u16(UInt16(neighbourCount))
        writer.u16(UInt16(threshold))
        writer.u32(UInt32(vectorLength))
        writer.u32(UInt32(minimumInputs))
        writer.f64(quantization.clipNorm)
        writer.f64(quantization.bound)
        writer.u8(UInt8(quantization.fractionalBits))
        writer.f64(noiseMultiplier)
        return writer.bytes
    }
}
