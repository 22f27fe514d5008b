/// Maximum flow by shortest augmenting paths (Edmonds–Karp) on an adjacency-list graph:
/// small and exact, for the attack's assignment problem (a few thousand edges).
struct MaxFlow {
    private var to: [Int] = []
    private var capacity: [Int] = []
    private var edges: [[Int]]

    init(nodes: Int) { edges = Array(repeating: [], count: nodes) }

    /// Adds an edge and returns its id, for ``flow(on:)``.
    @discardableResult
    mutating func addEdge(_ from: Int, _ target: Int, capacity amount: Int) -> Int {
        let id = to.count
        to += [target, from]
        capacity += [amount, 0]
        edges[from].append(id)
        edges[target].append(id + 1)
        return id
    }

    /// Flow currently on edge `id` (its reverse edge's residual capacity).
    func flow(on id: Int) -> Int { capacity[id ^ 1] }

    /// Pushes as much flow as possible from `source` to `sink`; returns its value.
    mutating func run(from source: Int, to sink: Int) -> Int {
        var total = 0
        while true {
            var via = [Int](repeating: -1, count: edges.count)
            var queue = [source]
            var head = 0
            var reached = false
            while head < queue.count, !reached {
                let node = queue[head]
                head += 1
                for id in edges[node] where capacity[id] > 0 && via[to[id]] == -1 && to[id] != source {
                    via[to[id]] = id
                    if to[id] == sink { reached = true; break }
                    queue.append(to[id])
                }
            }
            guard reached else { return total }
            var bottleneck = Int.max
            var node = sink
            while node != source { bottleneck = min(bottleneck, capacity[via[node]]); node = to[via[node] ^ 1] }
            node = sink
            while node != source {
                capacity[via[node]] -= bottleneck
                capacity[via[node] ^ 1] += bottleneck
                node = to[via[node] ^ 1]
            }
            total += bottleneck
        }
    }
}
