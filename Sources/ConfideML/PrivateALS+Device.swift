/// The device side of private ALS: solve the user, then contribute to the items' normal equations.
extension PrivateALS {
    /// The device step: solves the user's factors and bias against `model` on all of
    /// `ratings` (they stay on the device), then returns its contribution (``dimension``
    /// values) from at most ``ratingCap`` of them, chosen at random with `subsetSeed`.
    public func deviceContribution(model: FederatedMF.ItemModel, ratings: LocalRatings, subsetSeed: UInt64) throws -> [Double] {
        var contribution = [Double](repeating: 0, count: dimension)
        var solver = FactorSolver(factors: factors)
        try accumulateContribution(model: model, ratings: ratings, subsetSeed: subsetSeed, into: &contribution, solver: &solver)
        return contribution
    }

    /// Adds the device's contribution into `sum` (equal to adding ``deviceContribution``'s result).
    public func accumulateContribution(model: FederatedMF.ItemModel, ratings: LocalRatings, subsetSeed: UInt64,
                                       into sum: inout [Double]) throws {
        var solver = FactorSolver(factors: factors)
        try accumulateContribution(model: model, ratings: ratings, subsetSeed: subsetSeed, into: &sum, solver: &solver)
    }

    /// The positions of the ratings a device contributes: all of them up to the cap, else a
    /// seeded random subset of `ratingCap` (in rating order).
    public func contributedPositions(count: Int, subsetSeed: UInt64) -> [Int] {
        guard count > ratingCap else { return Array(0..<count) }
        var generator = SeededGenerator(seed: subsetSeed)
        var positions = Array(0..<count)
        positions.shuffle(using: &generator)
        return positions.prefix(ratingCap).sorted()
    }

    func accumulateContribution(model: FederatedMF.ItemModel, ratings: LocalRatings, subsetSeed: UInt64,
                                into sum: inout [Double], solver: inout FactorSolver) throws {
        let layout = try self.layout
        try layout.check(model)
        guard sum.count == dimension else {
            throw MLError.dimension("contribution vector has \(sum.count) entries, expected \(dimension)")
        }
        guard ratings.items.allSatisfy({ Int($0) < items }) else {
            throw MLError.invalid("the device rated an item outside the model's \(items) items")
        }
        guard ratings.count > 0 else { return }
        let user = layout.solveUser(model: model, ratings: ratings, solver: &solver)
        let f = factors, w = gramWeight, block = blockLength, gram = gramLength
        // Clipping u and the residuals bounds every rating's share of the norm; the whole
        // contribution is then scaled to the sensitivity if a clip norm below the worst
        // case is set (heavy raters then count less, as in a clipped gradient).
        let norm = user.factors.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let shrink = norm > factorNormCap ? factorNormCap / norm : 1
        let z = user.factors.map { $0 * shrink } + [1]
        let mu = model.globalMean
        let positions = downweight ? Array(0..<ratings.count) : contributedPositions(count: ratings.count, subsetSeed: subsetSeed)
        // Down-weighting scales a rating's whole share (Gram and right-hand side alike): the
        // item solve becomes a weighted least squares, and n ratings of weight √(m/n) add to
        // the norm in squares exactly as m ratings of weight 1.
        let weight = downweight && ratings.count > ratingCap ? (Double(ratingCap) / Double(ratings.count)).squareRoot() : 1
        // The device's own blocks first, so the whole contribution can be scaled to the
        // sensitivity (a rated item appears once even if the data repeats it).
        var blockOf: [Int: Int] = [:]
        var rated: [Int] = []
        var local: [Double] = []
        local.reserveCapacity(positions.count * block)
        for position in positions {
            let item = Int(ratings.items[position])
            let t = weight * min(residualCap, max(-residualCap, ratings.values[position] - mu - user.bias))
            let base: Int
            if let known = blockOf[item] {
                base = known
            } else {
                base = local.count
                blockOf[item] = base
                rated.append(item)
                local.append(contentsOf: repeatElement(0, count: block))
            }
            var k = base
            for r in 0...f {
                let zr = weight * w * z[r]
                for c in r...f {
                    local[k] += zr * z[c]
                    k += 1
                }
            }
            for r in 0...f { local[base + gram + r] += t * z[r] }
        }
        let localNorm = local.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let scale = localNorm > sensitivity ? sensitivity / localNorm : 1
        sum.withUnsafeMutableBufferPointer { s in
            for (index, item) in rated.enumerated() {
                let from = index * block, to = item * block
                for k in 0..<block { s[to + k] += scale * local[from + k] }
            }
        }
    }
}
