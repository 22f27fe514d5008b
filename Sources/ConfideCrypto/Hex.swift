import CSodium

/// Hexadecimal encoding in constant time (libsodium's `sodium_bin2hex`/`sodium_hex2bin`),
/// so encoding secrets does not leak them through timing.
public enum Hex {
    /// Lowercase hex of `bytes`.
    public static func encode(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { encode($0) }
    }

    /// Lowercase hex of `bytes`.
    public static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return "" }
        var output = [CChar](repeating: 0, count: bytes.count * 2 + 1)
        _ = sodium_bin2hex(&output, output.count, base.assumingMemoryBound(to: UInt8.self), bytes.count)
        return String(decoding: output.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Decodes hex (either case); throws on odd length or a non-hex character.
    public static func decode(_ hex: String) throws -> [UInt8] {
        let input = Array(hex.utf8)
        guard input.count % 2 == 0 else {
            throw CryptoError(.invalidArgument, "hex text must have an even number of digits, got \(input.count)")
        }
        if input.isEmpty { return [] }
        var output = [UInt8](repeating: 0, count: input.count / 2)
        var written = 0
        let rc = input.withUnsafeBufferPointer { source in
            source.withMemoryRebound(to: CChar.self) { chars in
                sodium_hex2bin(&output, output.count, chars.baseAddress!, chars.count, nil, &written, nil)
            }
        }
        guard rc == 0, written == output.count else {
            throw CryptoError(.invalidArgument, "text is not valid hex")
        }
        return output
    }
}
