import ConfideClient
import Foundation

/// The tree of nested segments as indented text, root first: each node with its (noised)
/// number of devices, the Ward cost at which its two parts merged, and what sets it apart.
enum SegmentTreeText {
    static func lines(_ segments: PublishedSegments) -> [String] {
        var lines: [String] = []
        func visit(_ node: Int, prefix: String, connector: String, childPrefix: String) {
            let leaf = node < segments.tree.leaves
            // A leaf shows its published (noised) size; the tree weighs it at least 1.
            let size = Int(max(0, (leaf ? segments.model.sizes?[node] : nil) ?? segments.weights[node]).rounded())
            let name = leaf ? "#\(node)" : "node \(node)"
            let merged = leaf ? "" : ", merged at \(String(format: "%.1f", segments.tree.merges[node - segments.tree.leaves].height))"
            lines.append("\(prefix)\(connector)\(name) (\(size) device\(size == 1 ? "" : "s")\(merged)): \(segments.descriptions[node].label)")
            if let (left, right) = segments.tree.children(of: node) {
                visit(left, prefix: prefix + childPrefix, connector: "├─ ", childPrefix: "│  ")
                visit(right, prefix: prefix + childPrefix, connector: "└─ ", childPrefix: "   ")
            }
        }
        visit(segments.tree.root, prefix: "", connector: "", childPrefix: "")
        return lines
    }

    /// "node 6 (943) → node 5 (500: rates many films) → #2 (300: …)".
    static func place(_ nodes: [SegmentNode], leaves: Int) -> String {
        nodes.map { node in
            "\(node.node < leaves ? "#\(node.node)" : "node \(node.node)") (\(Int(node.weight.rounded())): \(node.label))"
        }.joined(separator: " → ")
    }
}
