import ConfideCrypto

/// The labels that keep every key and mask stream of a round separate.
struct MaskLabels {
    /// Context of the self mask PRG(b).
    let selfMask: MaskContext
    /// Context of pairwise masks PRG(s_uv).
    let pairMask: MaskContext
    /// Key-derivation context of pairwise mask seeds.
    let pairKeyContext: String
    /// Key-derivation context of share-encryption keys.
    let shareKeyContext: String

    init(_ configuration: RoundConfiguration) throws(AggregationError) {
        let round = configuration.roundID
        selfMask = try crypto("mask context") { try MaskContext("confide.secagg.v1/self-mask/round \(round)") }
        pairMask = try crypto("mask context") { try MaskContext("confide.secagg.v1/pair-mask/round \(round)") }
        pairKeyContext = "confide.secagg.v1/pair-mask-seed/round \(round)"
        shareKeyContext = "confide.secagg.v1/share-encryption/round \(round)"
    }
}
