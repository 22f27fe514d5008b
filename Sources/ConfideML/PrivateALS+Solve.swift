/// The coordinator side of private ALS: one ridge regression per item from the noised sums.
extension PrivateALS {
    /// The item model solved from the cohort's summed contributions.
    ///
    /// - Parameters:
    ///   - sum: the summed contributions (``dimension`` values), noise included.
    ///   - noiseDeviation: the standard deviation of the noise on each coordinate of `sum`
    ///     (σ · clip norm · ``sensitivity``; 0 without noise). It sets the shift that keeps
    ///     noisy Gram matrices well conditioned.
    ///   - globalMean: μ, carried into the model.
    public func solveItems(sum: [Double], noiseDeviation: Double, globalMean: Double) throws -> FederatedMF.ItemModel {
        guard sum.count == dimension else {
            throw MLError.dimension("the summed contributions have \(sum.count) values, expected \(dimension)")
        }
        guard noiseDeviation >= 0, noiseDeviation.isFinite, globalMean.isFinite else {
            throw MLError.invalid("the noise deviation must be finite and non-negative, and the global mean finite")
        }
        let layout = try self.layout
        let d = factors + 1
        // A symmetric d×d matrix of independent N(0, s²) entries has spectral norm about 2s√d.
        let gramNoise = noiseDeviation / gramWeight
        let shift = noiseShift * 2 * gramNoise * Double(d).squareRoot()
        func prior(_ deviation: Double) -> Double { deviation.isFinite ? (noiseDeviation / deviation) * (noiseDeviation / deviation) : 0 }
        let factorPrior = prior(priorDeviation), biasPrior = prior(biasPriorDeviation)
        var parameters = [Double](repeating: 0, count: layout.dimension)
        var system = [Double](repeating: 0, count: d * d)
        var rhs = [Double](repeating: 0, count: d)
        for item in 0..<items {
            let base = item * blockLength
            var k = base
            for r in 0..<d {
                for c in r..<d {
                    system[r * d + c] = sum[k] / gramWeight
                    system[c * d + r] = system[r * d + c]
                    k += 1
                }
            }
            for r in 0..<d { rhs[r] = sum[base + gramLength + r] }
            let count = max(0, system[d * d - 1])
            if noiseDeviation > 0 {
                // Noise can make the Gram matrix indefinite; its nearest PSD matrix keeps the
                // directions the data supports and drops the ones noise invented.
                system = SymmetricEigen(system, n: d).reconstructed { max($0, 0) }
            }
            // At least one rating's ridge: an item nobody rated, whose sums are only quantization
            // error or noise, stays near zero instead of dividing by almost nothing.
            let ridge = itemRegularization * max(count, 1) + shift
            for r in 0..<d { system[r * d + r] += ridge + (r == factors ? biasPrior : factorPrior) }
            let solved = system.withUnsafeMutableBufferPointer { a in
                rhs.withUnsafeMutableBufferPointer { b in VectorMath.choleskySolve(a.baseAddress!, b.baseAddress!, d) }
            }
            // A system that is still singular (λ = 0 and no noise) keeps zeros: the item's
            // predictions are the global mean plus the user's bias.
            guard solved, rhs.allSatisfy(\.isFinite) else { continue }
            let offset = layout.offset(item)
            for r in 0..<d { parameters[offset + r] = rhs[r] }
        }
        return FederatedMF.ItemModel(globalMean: globalMean, parameters: parameters)
    }
}
