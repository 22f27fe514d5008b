import ConfideCrypto
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything both sides of a secure-aggregation round must agree on; the coordinator
/// publishes it and every ``SecAggClient`` and the ``SecAggServer`` are built from it.
///
/// Devices are referred to by their position in ``cohort`` (the *index*) inside
/// protocol messages; ``index(of:)`` and ``cohort`` map between indices and ids.
public struct RoundConfiguration: Sendable {
    /// Length of the public round seed, in bytes.
    public static let seedByteCount = 32
    /// The most neighbours a device can have (Shamir shares use indices 1–255).
    public static let maxNeighbourCount = Shamir.maxShares
    /// The largest vector a round accepts, in words (1 GiB).
    public static let maxVectorLength = 1 << 28

    /// The round's identifier; every message carries it.
    public let roundID: UInt64
    /// The public seed the neighbour graph is derived from (32 bytes).
    public let roundSeed: [UInt8]
    /// The devices invited to the round, in index order.
    public let cohort: [CohortMember]
    /// Neighbours per device (k).
    public let neighbourCount: Int
    /// Shares needed to rebuild a device's secrets (t); always more than half of k.
    public let threshold: Int
    /// Words in every device's input vector.
    public let vectorLength: Int
    /// The fewest masked inputs the server may aggregate; with fewer the round aborts.
    /// For distributed DP this is the minimum cohort m the noise was calibrated for.
    public let minimumInputs: Int
    /// How devices encode their updates into words.
    public let quantization: QuantizationParameters
    /// The noise multiplier σ of distributed DP (0 for none): each device adds discrete
    /// Gaussian noise of standard deviation σ·Δ/√minimumInputs quantization steps per
    /// coordinate, Δ = clipNorm·2^f + √vectorLength (``DistributedNoise``).
    public let noiseMultiplier: Double
    /// The neighbour graph derived from ``roundSeed``.
    public let graph: NeighbourGraph
    /// BLAKE2b-256 of ``serialized()``; every signature in the round covers it.
    public let digest: [UInt8]
    private let indexByID: [DeviceID: Int]

    /// Validates a configuration.
    ///
    /// - Parameters:
    ///   - neighbourCount: k; default ``defaultNeighbourCount(cohortSize:)``.
    ///   - threshold: t; default ``defaultThreshold(neighbourCount:)``. Must exceed k/2, so a
    ///     coordinator that lies about who dropped can never collect both secrets of a device.
    ///   - minimumInputs: default `max(2, t)`.
    public init(roundID: UInt64, roundSeed: [UInt8], cohort: [CohortMember], neighbourCount: Int? = nil,
                threshold: Int? = nil, vectorLength: Int, minimumInputs: Int? = nil,
                quantization: QuantizationParameters, noiseMultiplier: Double = 0) throws(AggregationError) {
        let n = cohort.count
        guard roundSeed.count == Self.seedByteCount else {
            throw AggregationError(.invalidConfiguration, "the round seed must be \(Self.seedByteCount) bytes, got \(roundSeed.count)")
        }
        guard n >= 2, n <= 1 << 24 else {
            throw AggregationError(.invalidConfiguration, "a cohort needs 2 to \(1 << 24) devices, got \(n)")
        }
        var indexByID: [DeviceID: Int] = [:]
        var keys = Set<IdentityPublicKey>()
        for (index, member) in cohort.enumerated() {
            guard indexByID.updateValue(index, forKey: member.id) == nil else {
                throw AggregationError(.invalidConfiguration, "device id \(member.id) appears twice in the cohort", device: member.id)
            }
            guard keys.insert(member.identityKey).inserted else {
                throw AggregationError(.invalidConfiguration, "two cohort members share one identity key", device: member.id)
            }
        }
        let k = neighbourCount ?? Self.defaultNeighbourCount(cohortSize: n)
        guard k <= Self.maxNeighbourCount else {
            throw AggregationError(.invalidConfiguration, "at most \(Self.maxNeighbourCount) neighbours per device, got \(k)")
        }
        let t = threshold ?? Self.defaultThreshold(neighbourCount: k)
        guard t <= k, 2 * t > k else {
            throw AggregationError(.invalidConfiguration, """
                the threshold must be more than half of the \(k) neighbours and at most \(k), got \(t): \
                at or below half, a coordinator that lies about dropouts could rebuild both masks of one device
                """)
        }
        guard (1...Self.maxVectorLength).contains(vectorLength) else {
            throw AggregationError(.invalidConfiguration, "the vector length must be 1 to \(Self.maxVectorLength) words, got \(vectorLength)")
        }
        let minimum = minimumInputs ?? max(2, t)
        guard (1...n).contains(minimum) else {
            throw AggregationError(.invalidConfiguration, "the minimum number of inputs must be 1 to \(n), got \(minimum)")
        }
        guard noiseMultiplier.isFinite, noiseMultiplier >= 0 else {
            throw AggregationError(.invalidConfiguration, "the noise multiplier must be finite and non-negative, got \(noiseMultiplier)")
        }
        try quantization.checkFits(devices: n)
        if noiseMultiplier > 0 {
            // Refuses noise too coarse in quantization steps for its accounting.
            _ = try DistributedNoise(noiseMultiplier: noiseMultiplier, quantization: quantization,
                                     vectorLength: vectorLength, minimumCohort: minimum)
        }
        self.roundID = roundID
        self.roundSeed = roundSeed
        self.cohort = cohort
        self.neighbourCount = k
        self.threshold = t
        self.vectorLength = vectorLength
        self.minimumInputs = minimum
        self.quantization = quantization
        self.noiseMultiplier = noiseMultiplier
        self.indexByID = indexByID
        graph = try NeighbourGraph(seed: roundSeed, deviceCount: n, degree: k)
        let bytes = Self.encode(roundID: roundID, roundSeed: roundSeed, cohort: cohort, neighbourCount: k, threshold: t,
                                vectorLength: vectorLength, minimumInputs: minimum, quantization: quantization,
                                noiseMultiplier: noiseMultiplier)
        digest = try crypto("configuration digest") { try Digest.blake2b256(bytes) }
    }

    /// The default k for a cohort of `n`: 2·log2(n) rounded up to an odd number, capped
    /// at n − 1 (and 255); when n is odd an odd k is impossible, so it becomes even.
    public static func defaultNeighbourCount(cohortSize n: Int) -> Int {
        guard n > 2 else { return 1 }
        var k = Int((2 * log2(Double(n))).rounded(.up))
        if k % 2 == 0 { k += 1 }
        let cap = min(n - 1, maxNeighbourCount)
        k = min(k, cap)
        if (n * k) % 2 != 0 { k = k + 1 <= cap ? k + 1 : k - 1 }
        return max(k, 1)
    }

    /// The default t for k neighbours: ⌊k/2⌋ + 1, the smallest strict majority.
    public static func defaultThreshold(neighbourCount k: Int) -> Int { k / 2 + 1 }

    /// The index of `id` in the cohort, if it is a member.
    public func index(of id: DeviceID) -> Int? { indexByID[id] }

    /// The standard deviation of the Gaussian noise each device adds per coordinate:
    /// σ · C / √m, so that m devices together add σ · C.
    public var deviceNoiseStandardDeviation: Double {
        noiseMultiplier * quantization.clipNorm / Double(minimumInputs).squareRoot()
    }

    /// The cohort member at `index`, or an error naming the bad index.
    func member(_ index: Int, _ what: String) throws(AggregationError) -> CohortMember {
        guard index >= 0, index < cohort.count else {
            throw AggregationError(.unknownParty, "\(what) \(index) is not in the cohort of \(cohort.count) devices")
        }
        return cohort[index]
    }
}
