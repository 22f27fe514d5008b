import ConfideML
import Foundation
import Testing

@Suite("Nested segments: weighted Ward clustering of centroids")
struct SegmentTreeTests {
    // A (0,0) w1, B (1,0) w1, C (5,0) w2, D (5,3) w1. By hand, Δ = wa·wb/(wa+wb)·‖ca − cb‖²:
    // AB 0.5, CD 6, AC 16.67, BC 10.67, AD 17, BD 12.5 → merge A+B at 0.5 into (0.5, 0) w2.
    // Then (AB)C 1·4.5² = 20.25, (AB)D ⅔·(4.5² + 3²) = 19.5, CD 6 → merge C+D at 6 into (5, 1) w3.
    // Then (AB)(CD) 1.2·(4.5² + 1²) = 25.5. Sum 32 = weighted sum of squares about (3.2, 0.6).
    private let centroids = try! Matrix(rowArrays: [[0, 0], [1, 0], [5, 0], [5, 3]])
    private let weights = [1.0, 1, 2, 1]

    @Test func mergeOrderAndHeightsMatchAHandComputation() throws {
        let tree = try WardTree(centroids: centroids, weights: weights)
        #expect(tree.leaves == 4)
        #expect(tree.merges.map { [$0.left, $0.right] } == [[0, 1], [2, 3], [4, 5]])
        let expected = [0.5, 6, 25.5]
        for (merge, height) in zip(tree.merges, expected) { #expect(abs(merge.height - height) < 1e-12) }
        #expect(tree.merges.map(\.weight) == [2, 3, 5])
        #expect(abs(tree.merges.map(\.height).reduce(0, +) - 32) < 1e-12)
        #expect(tree.root == 6)
        #expect(tree.path(to: 3) == [6, 5, 3])
        #expect(tree.path(to: 0) == [6, 4, 0])
        let centres = try tree.centres(centroids: centroids, weights: weights)
        #expect(centres[4] == [0.5, 0])
        #expect(centres[5] == [5, 1])
        #expect(abs(centres[6][0] - 3.2) < 1e-12 && abs(centres[6][1] - 0.6) < 1e-12)
    }

    @Test func weightsChangeTheTree() throws {
        // A heavy A still takes B first: Δ = 100/101 · 1 < ½ · 9 for C and D.
        let heavy = try WardTree(centroids: centroids, weights: [100, 1, 1, 1])
        #expect(heavy.merges[0].left == 0 && heavy.merges[0].right == 1)
        // A very heavy C makes C–D cost 9·1000/1001 instead of 6; (AB)–D (19.5) and (AB)–C (≈ 40.4) cost more.
        let tree = try WardTree(centroids: centroids, weights: [1, 1, 1_000, 1])
        #expect(tree.merges.map { [$0.left, $0.right] } == [[0, 1], [2, 3], [4, 5]])
        #expect(abs(tree.merges[1].height - 9 * 1_000 / 1_001) < 1e-9)
    }

    @Test func roundTripsThroughJSONAndRefusesBrokenTrees() throws {
        let tree = try WardTree(centroids: centroids, weights: weights)
        let decoded = try JSONDecoder().decode(WardTree.self, from: try JSONEncoder().encode(tree))
        #expect(decoded == tree)
        let merge = WardTree.Merge(left: 0, right: 1, height: 1, weight: 2)
        #expect(throws: MLError.self) { try WardTree(leaves: 3, merges: [merge]) }
        #expect(throws: MLError.self) { try WardTree(leaves: 3, merges: [merge, merge]) }
        #expect(throws: MLError.self) { try WardTree(leaves: 2, merges: [WardTree.Merge(left: 0, right: 2, height: 1, weight: 2)]) }
        #expect(throws: MLError.self) { try WardTree(centroids: centroids, weights: [1, 1, 0, 1]) }
        #expect(try WardTree(centroids: Matrix(rowArrays: [[1, 2]]), weights: [3]).merges.isEmpty)
    }
}
