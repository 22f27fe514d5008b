import Foundation
import Testing
@testable import ConfideAggregation

@Suite("Real FFT used by the PLD accountant")
struct FFTTests {
    @Test("Convolution through the FFT equals the direct sum", arguments: [(1, 1), (2, 3), (37, 50), (300, 700)])
    func convolution(lengths: (Int, Int)) {
        var generator = SeededGenerator(seed: UInt64(lengths.0 * 1000 + lengths.1))
        let a = (0..<lengths.0).map { _ in Double.random(in: 0...1, using: &generator) }
        let b = (0..<lengths.1).map { _ in Double.random(in: 0...1, using: &generator) }
        var direct = [Double](repeating: 0, count: a.count + b.count - 1)
        for i in a.indices { for j in b.indices { direct[i + j] += a[i] * b[j] } }
        let fft = FFT(count: FFT.length(atLeast: direct.count))
        var (ar, ai) = fft.forward(a)
        let (br, bi) = fft.forward(b)
        for k in ar.indices { (ar[k], ai[k]) = (ar[k] * br[k] - ai[k] * bi[k], ar[k] * bi[k] + ai[k] * br[k]) }
        let product = fft.inverse(real: ar, imaginary: ai)
        let scale = Double(min(a.count, b.count))
        for k in product.indices {
            #expect(abs(product[k] - (k < direct.count ? direct[k] : 0)) < 1e-12 * scale, "index \(k)")
        }
    }

    @Test("The spectrum matches the definition Σ x_j e^{−2πijk/n}")
    func spectrum() {
        let values = [0.5, -1, 2, 0.25, 3, 0, -0.75, 1.5]
        let (real, imaginary) = FFT(count: 8).forward(values)
        for k in 0...4 {
            var (re, im) = (0.0, 0.0)
            for (j, x) in values.enumerated() {
                let angle = -2 * Double.pi * Double(j * k) / 8
                re += x * cos(angle)
                im += x * sin(angle)
            }
            #expect(abs(real[k] - re) < 1e-12 && abs(imaginary[k] - im) < 1e-12, "bin \(k)")
        }
    }
}
