/// Names one mask stream: the same seed under different contexts gives independent masks.
///
/// A context is a label such as `"round 7/self"` or `"round 7/pair"`; it is hashed to
/// the 192-bit XChaCha20 nonce, so labels of any length are fine and two labels
/// collide only if BLAKE2b does.
public struct MaskContext: Hashable, Sendable {
    /// The XChaCha20 nonce this context selects.
    let nonce: [UInt8]

    /// The context for `label`.
    public init(_ label: String) throws {
        let hasher = try Blake2b(outputByteCount: XChaCha20Poly1305.nonceByteCount)
        hasher.updateField(Array("confide.mask.v1".utf8))
        hasher.updateField(Array(label.utf8))
        nonce = try hasher.finalize()
    }
}
