import ConfideAggregation
import ConfideML
import ConfideProtocol

/// The device's private-ALS step.
extension DeviceWorker {
    /// The device's share of every rated item's normal equations, after solving its own factors
    /// and bias on all its training ratings against the model in `parameters`.
    ///
    /// Every constant of the work order is range-checked first: they set how much the device
    /// reveals (the caps bound its update) and how much memory it spends (the vector length).
    static func alsContribution(_ work: RoundWork, parameters: [Double], data: DeviceData) throws -> [Double] {
        guard let items = work.items, let factors = work.factors, let regularization = work.regularization,
              let ratingCap = work.ratingCap, let factorNormCap = work.factorNormCap, let residualCap = work.residualCap,
              let gramWeight = work.gramWeight, let contributionClip = work.contributionClip else {
            throw ProtocolError(.malformed, "an ALS work order needs items, factors, regularization, ratingCap, factorNormCap, residualCap, gramWeight and contributionClip")
        }
        guard StartJobRequest.itemRange.contains(items), StartJobRequest.factorRange.contains(factors),
              (1...100_000).contains(ratingCap) else {
            throw ProtocolError(.malformed, "an ALS work order needs 1–100,000 items, 1–100 factors and a rating cap of 1–100,000")
        }
        let positive = 1e-9...1e6
        guard positive.contains(regularization), positive.contains(factorNormCap), positive.contains(residualCap),
              positive.contains(gramWeight), positive.contains(contributionClip) else {
            throw ProtocolError(.malformed, "an ALS work order's regularization, caps, Gram weight and clip must be in [1e-9, 1e6]")
        }
        let als: PrivateALS
        do {
            als = try PrivateALS(items: items, factors: factors, ratingCap: ratingCap, factorNormCap: factorNormCap,
                                 residualCap: residualCap, gramWeight: gramWeight, userRegularization: regularization,
                                 contributionClip: contributionClip)
        } catch {
            throw ProtocolError(.malformed, "the ALS work order is invalid: \(error)")
        }
        guard als.dimension == work.vectorLength, als.dimension <= RoundConfiguration.maxVectorLength else {
            throw ProtocolError(.malformed, "an ALS update for \(items) items and \(factors) factors has \(als.dimension) values, the work order asks for \(work.vectorLength)")
        }
        let layout = try als.layout
        guard parameters.count == 1 + layout.dimension, parameters.allSatisfy(\.isFinite) else {
            throw ProtocolError(.malformed, "MF parameters have \(parameters.count) values, expected \(1 + layout.dimension) finite ones")
        }
        let model = FederatedMF.ItemModel(globalMean: parameters[0], parameters: Array(parameters.dropFirst()))
        guard let training = data.training, training.count > 0 else { return [Double](repeating: 0, count: als.dimension) }
        return try als.deviceContribution(model: model, ratings: training, subsetSeed: subsetSeed(training))
    }

    /// The seed of the device's rating subset: a hash of its own ratings, so the subset is the
    /// same in every round (each round then refines the same equations) and needs no state.
    static func subsetSeed(_ ratings: LocalRatings) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for (item, value) in zip(ratings.items, ratings.values) {
            hash = (hash ^ UInt64(UInt32(bitPattern: item))) &* 0x0000_0100_0000_01B3
            hash = (hash ^ value.bitPattern) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
