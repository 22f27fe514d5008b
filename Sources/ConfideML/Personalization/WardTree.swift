/// Agglomerative (Ward) clustering of a K-Means model's centroids, each weighted by its
/// segment's size: a tree of nested segments computed from the model alone.
///
/// Node numbering follows SciPy's linkage matrix: leaves are `0..<leaves` (the segments),
/// and merge `i` creates node `leaves + i`. A merge's `height` is Ward's cost, the increase
/// in the weighted within-cluster sum of squares, Δ(A, B) = wA·wB / (wA + wB) · ‖cA − cB‖²
/// (SciPy's `ward` height is √(2Δ) for unit weights). Heights never decrease from one merge
/// to the next, and they sum to the weighted sum of squares of all centroids about their
/// weighted mean.
public struct WardTree: Sendable, Equatable, Codable {
    /// One merge of two nodes into a new one.
    public struct Merge: Sendable, Equatable, Codable {
        /// The merged nodes, lower number first.
        public var left: Int
        /// The merged nodes, lower number first.
        public var right: Int
        /// Ward's cost of the merge (increase in weighted within-cluster sum of squares).
        public var height: Double
        /// Total weight of the new node.
        public var weight: Double

        /// A merge from its parts.
        public init(left: Int, right: Int, height: Double, weight: Double) {
            self.left = left
            self.right = right
            self.height = height
            self.weight = weight
        }
    }

    /// Number of leaves (segments).
    public let leaves: Int
    /// The merges, in the order they were made; there are `leaves − 1` of them.
    public let merges: [Merge]

    /// Clusters `centroids` (one per row) weighted by `weights` (each > 0).
    ///
    /// Equal costs are broken by the lower pair of node numbers, so the tree is deterministic.
    /// O(k³), which is nothing for the tens of segments a model has.
    public init(centroids: Matrix, weights: [Double]) throws {
        let k = centroids.rows
        guard k >= 1, weights.count == k else {
            throw MLError.dimension("\(weights.count) weights for \(k) centroids")
        }
        guard weights.allSatisfy({ $0 > 0 && $0.isFinite }), centroids.storage.allSatisfy(\.isFinite) else {
            throw MLError.invalid("Ward clustering needs positive weights and finite centroids")
        }
        var active: [(node: Int, centre: [Double], weight: Double)] = (0..<k).map { ($0, centroids.row($0), weights[$0]) }
        var merges: [Merge] = []
        while active.count > 1 {
            var best: (a: Int, b: Int, cost: Double, nodes: (Int, Int))?
            for a in 0..<active.count {
                for b in (a + 1)..<active.count {
                    let cost = Self.cost(active[a], active[b])
                    let nodes = (min(active[a].node, active[b].node), max(active[a].node, active[b].node))
                    if let current = best, (current.cost, current.nodes.0, current.nodes.1) <= (cost, nodes.0, nodes.1) { continue }
                    best = (a, b, cost, nodes)
                }
            }
            let (a, b, cost, _) = best!
            let x = active[a], y = active[b]
            let weight = x.weight + y.weight
            let centre = zip(x.centre, y.centre).map { (x.weight * $0 + y.weight * $1) / weight }
            merges.append(Merge(left: min(x.node, y.node), right: max(x.node, y.node), height: cost, weight: weight))
            active.remove(at: b)
            active[a] = (k + merges.count - 1, centre, weight)
        }
        leaves = k
        self.merges = merges
    }

    /// A tree from its parts (as decoded from a model); throws unless every merge joins two
    /// existing, not yet merged nodes and the merges end in a single root.
    public init(leaves: Int, merges: [Merge]) throws {
        guard leaves >= 1, merges.count == leaves - 1 else {
            throw MLError.invalid("a tree of \(leaves) leaves has \(max(0, leaves - 1)) merges, got \(merges.count)")
        }
        var merged = Set<Int>()
        for (index, merge) in merges.enumerated() {
            let limit = leaves + index
            guard merge.left != merge.right, merge.left >= 0, merge.right >= 0, merge.left < limit, merge.right < limit,
                  merged.insert(merge.left).inserted, merged.insert(merge.right).inserted,
                  merge.height.isFinite, merge.weight.isFinite else {
                throw MLError.invalid("merge \(index) of the segment tree joins nodes that do not exist or were already merged")
            }
        }
        self.leaves = leaves
        self.merges = merges
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(leaves: try container.decode(Int.self, forKey: .leaves), merges: try container.decode([Merge].self, forKey: .merges))
    }

    /// The root's node number.
    public var root: Int { leaves + merges.count - 1 }

    /// The two children of an internal node, or `nil` for a leaf.
    public func children(of node: Int) -> (Int, Int)? {
        guard node >= leaves, node - leaves < merges.count else { return nil }
        let merge = merges[node - leaves]
        return (merge.left, merge.right)
    }

    /// The nodes from the root down to `leaf`, both included.
    public func path(to leaf: Int) -> [Int] {
        var parent: [Int: Int] = [:]
        for (index, merge) in merges.enumerated() {
            parent[merge.left] = leaves + index
            parent[merge.right] = leaves + index
        }
        var path = [leaf]
        while let up = parent[path[0]] { path.insert(up, at: 0) }
        return path
    }

    /// Every node's weighted centroid (leaves first, then merges in order), so internal
    /// nodes can be described like segments.
    public func centres(centroids: Matrix, weights: [Double]) throws -> [[Double]] {
        guard centroids.rows == leaves, weights.count == leaves else {
            throw MLError.dimension("\(centroids.rows) centroids and \(weights.count) weights for a tree of \(leaves) leaves")
        }
        var centres = (0..<leaves).map { centroids.row($0) }
        var mass = weights
        for merge in merges {
            let (wa, wb) = (mass[merge.left], mass[merge.right])
            centres.append(zip(centres[merge.left], centres[merge.right]).map { (wa * $0 + wb * $1) / (wa + wb) })
            mass.append(wa + wb)
        }
        return centres
    }

    private static func cost(_ a: (node: Int, centre: [Double], weight: Double), _ b: (node: Int, centre: [Double], weight: Double)) -> Double {
        let squared = zip(a.centre, b.centre).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        return a.weight * b.weight / (a.weight + b.weight) * squared
    }
}
