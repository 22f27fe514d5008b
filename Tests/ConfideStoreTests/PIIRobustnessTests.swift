import ConfideStore
import Testing

/// The scanner on random strings built from the characters its detectors care about: it
/// never traps, and its matches lie inside the text, in order, without overlapping.
@Suite struct PIIRobustnessTests {
    /// SplitMix64, so a failure reproduces from the seed.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let alphabet: [Unicode.Scalar] = Array("0123456789012345678900  \u{00A0}\u{202F}-./()+:@%#,;§€xXeEabfDEde\n[]é".unicodeScalars)

    @Test func randomTextNeverBreaksTheScanner() {
        var generator = Generator(state: 18)
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...48, using: &generator)
            var scalars = String.UnicodeScalarView()
            for _ in 0..<length { scalars.append(Self.alphabet.randomElement(using: &generator)!) }
            let text = String(scalars)
            let count = text.unicodeScalars.count
            let matches = PIIScanner.standard.scan(text)
            for (index, match) in matches.enumerated() {
                #expect(match.range.lowerBound >= 0 && match.range.upperBound <= count, "\(text.debugDescription)")
                if index > 0 { #expect(matches[index - 1].range.upperBound <= match.range.lowerBound, "\(text.debugDescription)") }
            }
            _ = PIIScanner.standard.redact(text)
        }
    }
}
