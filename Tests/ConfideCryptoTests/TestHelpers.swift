@testable import ConfideCrypto

/// Decodes hex in test vectors; a malformed vector is a bug in the test.
func hex(_ text: String) -> [UInt8] {
    try! Hex.decode(text.filter { !$0.isWhitespace })
}

extension SecureBytes {
    /// The bytes as an array, for assertions only.
    var testBytes: [UInt8] { withUnsafeBytes { Array($0) } }
}

extension SymmetricKey {
    var testBytes: [UInt8] { withUnsafeBytes { Array($0) } }
}

/// Flips one bit of `bytes` at `index`.
func flipped(_ bytes: [UInt8], at index: Int, bit: UInt8 = 0x01) -> [UInt8] {
    var copy = bytes
    copy[index] ^= bit
    return copy
}
