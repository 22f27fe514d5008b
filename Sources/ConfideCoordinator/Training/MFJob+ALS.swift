import ConfideML
import ConfideProtocol

/// Private ALS rounds of the MF job.
extension MFJob {
    /// An ALS round: devices solve themselves against the current model and send their share
    /// of every rated item's normal equations, bounded by the method's caps.
    func alsRound() -> PlannedRound? {
        guard let model, let als else { return nil }
        let work = RoundWork(kind: .alsContribution, vectorLength: als.dimension, items: als.items, factors: als.factors,
                             regularization: als.userRegularization, ratingCap: als.ratingCap,
                             factorNormCap: als.factorNormCap, residualCap: als.residualCap, gramWeight: als.gramWeight,
                             contributionClip: als.contributionClip)
        return PlannedRound(task: .mf, work: work, parameters: [model.globalMean] + model.parameters, sensitivity: als.sensitivity)
    }

    /// Solves every item from the noised sums so far. The metric is the share of items whose
    /// noised (weighted) count reaches 10: how much of the catalogue the data, not the ridge, decides.
    mutating func absorbALS(sum: [Double]) throws -> AbsorbedRound {
        guard let model, let als else { throw ConfigurationError("MF ALS round without a model") }
        guard sum.count == als.dimension else {
            throw ConfigurationError("an ALS sum has \(sum.count) values, expected \(als.dimension)")
        }
        let deviation = noiseScale * als.sensitivity
        var statistics = sum
        var solvedRounds = 1
        if deviation > 0 {
            // The mean of all rounds' sums: the noise falls as 1/√t while the statistics, which
            // depend on the devices' factors, drift little between rounds.
            solvedRounds = (alsAverage?.rounds ?? 0) + 1
            if let previous = alsAverage?.sum {
                for index in statistics.indices { statistics[index] = previous[index] + (sum[index] - previous[index]) / Double(solvedRounds) }
            }
            alsAverage = (statistics, solvedRounds)
        }
        do {
            self.model = try als.solveItems(sum: statistics, noiseDeviation: deviation / Double(solvedRounds).squareRoot(),
                                            globalMean: model.globalMean)
        } catch let error as MLError {
            throw ConfigurationError(error.description)
        }
        let countOffset = als.gramLength - 1
        let supported = (0..<als.items).filter { statistics[$0 * als.blockLength + countOffset] / als.gramWeight >= 10 }.count
        return AbsorbedRound(metric: Double(supported) / Double(als.items), metricName: "items_supported")
    }
}
