import ConfidePolicy
import Testing

/// YAML aliases are resolved by Yams to shared nodes; converting them copies, so nested
/// aliases ("billion laughs") must be refused by the node budget, not expanded.
@Suite struct AliasExpansionTests {
    /// `levels` anchors, each a list of nine aliases of the one before: 9^levels leaves.
    static func aliasBomb(levels: Int) -> String {
        var yaml = "a0: &a0 [" + Array(repeating: "\"lol\"", count: 9).joined(separator: ",") + "]\n"
        for level in 1..<levels {
            yaml += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ",") + "]\n"
        }
        return yaml
    }

    @Test func nestedAliasesAreRefusedBeforeTheyExpand() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let error = try #require(throws: PolicyError.self) {
            try PolicyLoader.parseReportingProblems(documents: [("bomb.yaml", Self.aliasBomb(levels: 7))])
        }
        #expect(error.diagnostics.contains { $0.message.contains("YAML aliases are not supported") })
        #expect(clock.now - start < .seconds(2))
    }
}
