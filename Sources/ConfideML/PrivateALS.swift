/// Private alternating least squares for federated matrix factorization (after Chien et al.,
/// "Private Alternating Least Squares", ICML 2021, moved to the federated setting): every
/// round each device solves its own factors u and bias b_u exactly against the shared item
/// model (they never leave it), then sends its share of every rated item's normal equations;
/// the coordinator, which sees only the noised sum, solves each item's ridge regression.
///
/// The item model is the ``FederatedMF`` layout (per item F factors then the bias), so
/// evaluation, publishing and on-device recommendations are those of the gradient method.
///
/// A device's contribution, `dimension = items · blockLength` doubles: item `i` occupies
/// `i·blockLength ..< (i+1)·blockLength`. With z = [u, 1] (u clipped to ``factorNormCap``)
/// and t = r − μ − b_u (clipped to ±``residualCap``), a rating of item i adds
/// `gramWeight ·` the upper triangle of z zᵀ, row by row ((F+1)(F+2)/2 values; its last entry
/// is the count), then t·z (F + 1 values) to that item's block. Folding the bias into
/// z's constant 1 lets one solve give the item's factors and bias together.
///
/// At most ``ratingCap`` ratings (a random subset, seeded) enter a device's contribution, and
/// the whole is scaled down to ``contributionClip`` when above it, so its L2 norm never exceeds
/// ``sensitivity``, a public bound: the round can be clipped and noised without ever clipping an
/// honest device. The defaults were calibrated for MovieLens-100K at ε 8 (docs/ml.md).
public struct PrivateALS: Sendable, Equatable {
    /// Items in the shared catalog.
    public let items: Int
    /// Latent factors F.
    public let factors: Int
    /// Ratings a device contributes at most, m.
    public let ratingCap: Int
    /// Bound B on ‖u‖ in a contribution (the device's own solve is not clipped).
    public let factorNormCap: Double
    /// Bound R on |r − μ − b_u| in a contribution.
    public let residualCap: Double
    /// Weight w of the Gram part against the right-hand side. Noise per coordinate is the
    /// same for both, so w moves the noise between them: the solve divides the Gram part by w.
    public let gramWeight: Double
    /// The device's ridge λ per rating (weighted-λ, as `FederatedMF` and `ALSTrainer`).
    public let userRegularization: Double
    /// The coordinator's ridge per (noisy) rating count of the item.
    public let itemRegularization: Double
    /// Multiple of the Gram noise's expected spectral norm added to every item's ridge: the
    /// noisy Gram matrix can be indefinite.
    public let noiseShift: Double
    /// Prior standard deviation τ of an item's factors and bias: the solve adds (noise / τ)² to
    /// the ridge, the Bayesian answer to a noisy right-hand side, so an item seen by few
    /// devices shrinks toward zero (the global mean plus the user's bias) instead of fitting
    /// noise. Infinity: no such shrinkage.
    public let priorDeviation: Double
    /// The same prior for an item's bias (it is better determined than its factors).
    public let biasPriorDeviation: Double
    /// When a device has more than ``ratingCap`` ratings: true weights every one by
    /// √(m / n) (all ratings count, heavy raters less), false keeps a random subset of m.
    public let downweight: Bool
    /// The L2 norm a device's whole contribution is scaled down to when above it: typical
    /// ratings use far less than the worst case R‖z‖ per rating, so a clip below the worst case
    /// gives most devices full weight at much less noise. Infinity: the worst case bounds it.
    public let contributionClip: Double

    /// Settings with the defaults chosen on MovieLens-100K (docs/ml.md); throws on values
    /// that would make the bound meaningless.
    public init(items: Int, factors: Int = 3, ratingCap: Int = 1_000, factorNormCap: Double = 0.3, residualCap: Double = 2,
                gramWeight: Double = 0.5, userRegularization: Double = 0.1, itemRegularization: Double = 0.02,
                noiseShift: Double = 0.3, priorDeviation: Double = 0.2, biasPriorDeviation: Double = .infinity,
                downweight: Bool = false, contributionClip: Double = 5) throws {
        guard items >= 1, factors >= 1, ratingCap >= 1 else {
            throw MLError.invalid("private ALS needs items ≥ 1, factors ≥ 1 and a rating cap ≥ 1")
        }
        guard factorNormCap > 0, residualCap > 0, gramWeight > 0, userRegularization > 0, itemRegularization >= 0, noiseShift >= 0,
              [factorNormCap, residualCap, gramWeight, userRegularization, itemRegularization, noiseShift].allSatisfy(\.isFinite),
              priorDeviation > 0, biasPriorDeviation > 0, contributionClip > 0 else {
            throw MLError.invalid("private ALS needs finite positive caps, Gram weight and user λ, and non-negative item λ and noise shift")
        }
        self.items = items
        self.factors = factors
        self.ratingCap = ratingCap
        self.factorNormCap = factorNormCap
        self.residualCap = residualCap
        self.gramWeight = gramWeight
        self.userRegularization = userRegularization
        self.itemRegularization = itemRegularization
        self.noiseShift = noiseShift
        self.priorDeviation = priorDeviation
        self.biasPriorDeviation = biasPriorDeviation
        self.downweight = downweight
        self.contributionClip = contributionClip
    }

    /// Upper-triangle entries of the (F+1)×(F+1) Gram matrix.
    public var gramLength: Int { (factors + 1) * (factors + 2) / 2 }
    /// Values per item: the Gram's upper triangle, then the right-hand side.
    public var blockLength: Int { gramLength + factors + 1 }
    /// Length of a device's contribution: items · blockLength.
    public var dimension: Int { items * blockLength }

    /// The most one rating can add to the contribution's L2 norm:
    /// ‖w·upper(z zᵀ)‖ ≤ w‖z‖² and ‖t z‖ ≤ R‖z‖, with ‖z‖² ≤ B² + 1.
    public var ratingSensitivity: Double {
        let z2 = factorNormCap * factorNormCap + 1
        return (gramWeight * gramWeight * z2 * z2 + residualCap * residualCap * z2).squareRoot()
    }

    /// Public bound on the L2 norm of a device's contribution: √m · ``ratingSensitivity``
    /// (items occupy disjoint coordinates, so ratings add in squares), or ``contributionClip``
    /// if lower, to which the device then scales its contribution.
    public var sensitivity: Double { min(contributionClip, Double(ratingCap).squareRoot() * ratingSensitivity) }

    /// The item-model layout shared with the gradient method (user λ for the device's solve).
    public var layout: FederatedMF {
        get throws { try FederatedMF(items: items, factors: factors, regularization: userRegularization) }
    }
}
