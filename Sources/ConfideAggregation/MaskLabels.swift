import ConfideCrypto

/// The labels that keep every key and mask stream of a round separate.
///
/// Visible to the attack demonstration (ConfideAttacks), which removes masks as a
/// malicious coordinator holding the right secrets would.
@_spi(AttackDemonstration) public struct MaskLabels: Sendable {
    /// Context of the self mask PRG(b).
    public let selfMask: MaskContext
    /// Context of pairwise masks PRG(s_uv).
    public let pairMask: MaskContext
    /// Key-derivation context of pairwise mask seeds.
    public let pairKeyContext: String
    /// Key-derivation context of share-encryption keys.
    let shareKeyContext: String

    /// The labels of `configuration`'s round.
    public init(_ configuration: RoundConfiguration) throws(AggregationError) {
        let round = configuration.roundID
        selfMask = try crypto("mask context") { try MaskContext("confide.secagg.v1/self-mask/round \(round)") }
        pairMask = try crypto("mask context") { try MaskContext("confide.secagg.v1/pair-mask/round \(round)") }
        pairKeyContext = "confide.secagg.v1/pair-mask-seed/round \(round)"
        shareKeyContext = "confide.secagg.v1/share-encryption/round \(round)"
    }
}
