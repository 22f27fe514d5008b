/// SplitMix64: a small, fast, reproducible generator for choices that need no secrecy
/// (share subsets to try, simulations, tests). Never for keys, masks or noise: those come
/// from libsodium.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator starting from `seed`.
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` distinct values below `bound`, in random order (a partial Fisher–Yates shuffle).
    public mutating func sample(_ count: Int, from bound: Int) -> [Int] {
        var pool = Array(0..<bound)
        for i in 0..<min(count, bound) {
            let j = i + Int(next() % UInt64(bound - i))
            pool.swapAt(i, j)
        }
        return Array(pool.prefix(count))
    }
}
