import ConfideCrypto

/// The sparse, symmetric neighbour graph of a SecAgg+ round: every device has exactly
/// `degree` neighbours, and only neighbours exchange pairwise masks and secret shares.
///
/// The graph is a Harary ring (Bell et al. 2020): devices are placed on a ring in an
/// order drawn from the round's public seed, and each is joined to its `degree / 2`
/// nearest ring neighbours on each side, plus the opposite device when `degree` is odd.
/// Anyone holding the seed and the cohort size derives the same graph.
public struct NeighbourGraph: Sendable, Equatable {
    /// Devices in the cohort.
    public let deviceCount: Int
    /// Neighbours per device.
    public let degree: Int
    // Row u holds u's neighbours in ascending order: adjacency[u * degree ..< (u + 1) * degree].
    private let adjacency: [UInt32]

    /// Derives the graph for `deviceCount` devices with `degree` neighbours each from `seed`.
    ///
    /// Requires `1 ≤ degree ≤ deviceCount − 1` and `deviceCount · degree` even (a graph in
    /// which every device has the same odd number of neighbours needs an even cohort).
    public init(seed: [UInt8], deviceCount: Int, degree: Int) throws(AggregationError) {
        guard deviceCount >= 2 else {
            throw AggregationError(.invalidConfiguration, "a cohort needs at least 2 devices, got \(deviceCount)")
        }
        guard (1...(deviceCount - 1)).contains(degree) else {
            throw AggregationError(.invalidConfiguration,
                                   "each device needs 1 to \(deviceCount - 1) neighbours in a cohort of \(deviceCount), got \(degree)")
        }
        guard (deviceCount * degree) % 2 == 0 else {
            throw AggregationError(.invalidConfiguration,
                                   "no graph gives each of \(deviceCount) devices exactly \(degree) neighbours (an odd count needs an even cohort); use \(degree + 1) or \(degree - 1)")
        }
        let ring = try Self.shuffledRing(seed: seed, count: deviceCount)
        var position = [Int](repeating: 0, count: deviceCount)
        for (place, device) in ring.enumerated() { position[device] = place }
        var adjacency = [UInt32](repeating: 0, count: deviceCount * degree)
        for device in 0..<deviceCount {
            let place = position[device]
            var row: [UInt32] = []
            row.reserveCapacity(degree)
            for step in stride(from: 1, through: degree / 2, by: 1) {
                row.append(UInt32(ring[(place + step) % deviceCount]))
                row.append(UInt32(ring[(place - step + deviceCount) % deviceCount]))
            }
            if degree % 2 == 1 { row.append(UInt32(ring[(place + deviceCount / 2) % deviceCount])) }
            row.sort()
            adjacency.replaceSubrange((device * degree)..<((device + 1) * degree), with: row)
        }
        self.deviceCount = deviceCount
        self.degree = degree
        self.adjacency = adjacency
    }

    /// The neighbours of `device`, ascending.
    public func neighbours(of device: Int) -> ArraySlice<UInt32> {
        adjacency[(device * degree)..<((device + 1) * degree)]
    }

    /// Where `neighbour` sits in `device`'s ascending neighbour list (0-based), or `nil`
    /// if the two are not neighbours. A device's Shamir share for a neighbour has index
    /// `position + 1`.
    public func position(of neighbour: Int, among device: Int) -> Int? {
        let row = neighbours(of: device)
        var low = row.startIndex
        var high = row.endIndex
        let target = UInt32(truncatingIfNeeded: neighbour)
        while low < high {
            let middle = (low + high) / 2
            if row[middle] < target { low = middle + 1 } else { high = middle }
        }
        guard low < row.endIndex, row[low] == target, neighbour >= 0 else { return nil }
        return low - row.startIndex
    }

    /// Whether `a` and `b` are neighbours.
    public func areNeighbours(_ a: Int, _ b: Int) -> Bool { position(of: b, among: a) != nil }

    /// A uniformly random order of `0..<count` (Fisher–Yates) from the XChaCha20 keystream of `seed`.
    static func shuffledRing(seed: [UInt8], count: Int) throws(AggregationError) -> [Int] {
        var ring = Array(0..<count)
        var words = try SeedStream(seed: seed, label: "confide.secagg.v1/neighbour-graph")
        var index = count - 1
        while index > 0 {
            let pick = try Int(words.uniform(below: UInt32(index + 1)))
            ring.swapAt(index, pick)
            index -= 1
        }
        return ring
    }
}

/// Deterministic pseudorandom words from a public seed, for choices everyone must make alike.
struct SeedStream {
    private let key: SymmetricKey
    private let context: MaskContext
    private var buffer = [UInt32](repeating: 0, count: 1024)
    private var next = 1024
    private var produced = 0

    init(seed: [UInt8], label: String) throws(AggregationError) {
        guard seed.count == SymmetricKey.byteCount else {
            throw AggregationError(.invalidConfiguration, "a round seed must be \(SymmetricKey.byteCount) bytes, got \(seed.count)")
        }
        key = try crypto("round seed") { try SymmetricKey(bytes: seed) }
        context = try crypto("seed stream context") { try MaskContext(label) }
    }

    mutating func word() throws(AggregationError) -> UInt32 {
        if next == buffer.count {
            for i in buffer.indices { buffer[i] = 0 }
            let offset = produced
            try crypto("seed stream") {
                try buffer.withUnsafeMutableBufferPointer {
                    try Mask.apply([Mask.Term(seed: key, context: context, sign: .add)], to: $0, startingAtWord: offset)
                }
            }
            produced += buffer.count
            next = 0
        }
        defer { next += 1 }
        return buffer[next]
    }

    /// A uniform integer in `0 ..< bound` by rejection sampling (no modulo bias).
    mutating func uniform(below bound: UInt32) throws(AggregationError) -> UInt32 {
        let reject = (0 &- bound) % bound
        while true {
            let value = try word()
            if value >= reject { return value % bound }
        }
    }
}
