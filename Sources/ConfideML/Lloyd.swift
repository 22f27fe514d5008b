/// Lloyd's algorithm from given centroids, with scikit-learn's empty-cluster rule: an empty
/// cluster takes the point farthest from its centroid.
enum Lloyd {
    static func run(
        _ points: Matrix, weights: [Double]?, centroids initial: Matrix,
        maxIterations: Int, shiftThreshold: Double
    ) -> KMeansResult {
        let n = points.rows, d = points.columns, k = initial.rows
        var centroids = initial
        var sums = [Double](repeating: 0, count: k * d)
        var counts = [Double](repeating: 0, count: k)
        var sse = [Double](repeating: 0, count: k)
        var labels = [Int32](repeating: 0, count: n)
        var distances = [Double](repeating: 0, count: n)
        var iterations = 0
        while iterations < maxIterations {
            iterations += 1
            assign(points, weights, centroids, &sums, &counts, &sse, &labels, &distances)
            var next = centroids
            for j in 0..<k where counts[j] > 0 {
                for c in 0..<d { next.storage[j * d + c] = sums[j * d + c] / counts[j] }
            }
            relocateEmpty(&next, counts: counts, points: points, distances: &distances)
            var shift = 0.0
            for index in next.storage.indices {
                let delta = next.storage[index] - centroids.storage[index]
                shift += delta * delta
            }
            centroids = next
            if shift <= shiftThreshold { break }
        }
        // A final assignment so labels and inertia match the returned centroids.
        assign(points, weights, centroids, &sums, &counts, &sse, &labels, &distances)
        return KMeansResult(
            centroids: centroids, labels: labels.map(Int.init),
            inertia: sse.reduce(0, +), iterations: iterations
        )
    }

    /// One pass of the shared kernel over all points, from zeroed accumulators.
    private static func assign(
        _ points: Matrix, _ weights: [Double]?, _ centroids: Matrix,
        _ sums: inout [Double], _ counts: inout [Double], _ sse: inout [Double],
        _ labels: inout [Int32], _ distances: inout [Double]
    ) {
        for index in sums.indices { sums[index] = 0 }
        for index in counts.indices { counts[index] = 0; sse[index] = 0 }
        KMeansKernel.accumulate(
            points: points, weights: weights, centroids: centroids,
            sums: &sums, counts: &counts, sse: &sse, labels: &labels, distances: &distances
        )
    }

    /// Moves each empty cluster's centroid onto the point currently farthest from its own centroid.
    private static func relocateEmpty(_ centroids: inout Matrix, counts: [Double], points: Matrix, distances: inout [Double]) {
        let empty = counts.indices.filter { counts[$0] == 0 }
        guard !empty.isEmpty else { return }
        for j in empty {
            guard let farthest = distances.indices.max(by: { distances[$0] < distances[$1] }), distances[farthest] > 0 else { return }
            centroids.setRow(j, points.storage[farthest * points.columns ..< (farthest + 1) * points.columns])
            distances[farthest] = 0
        }
    }
}
