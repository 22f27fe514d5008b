import ConfidePolicy
import ConfideStore
import Testing

/// Whether a stored value is what its rule would have stored: values the stripper writes
/// conform, values written under another rule do not.
@Suite struct RuleConformanceTests {
    @Test func whatTheStripperStoresConformsToItsRule() async throws {
        try await Fixtures.withStore(.sqlite) { store, _ in
            for (kind, record) in Fixtures.records(tag: "t") {
                let stored = try await store.ingest(record, kind: kind, subject: try store.pseudonym(for: "t"))
                let rules = try #require(Fixtures.policy.kind(kind))
                for (field, value) in stored.fields {
                    let action = try #require(rules.rule(for: field)).action
                    #expect(RuleConformance.check(value, against: action) == nil, "\(kind).\(field) = \(value)")
                }
            }
        }
    }

    @Test(arguments: [
        (JSONValue.string("+44 20 7946 0958"), FieldAction.drop, RuleConformance.Nonconformity.stored),
        (.string("mail a.b@example.org or call +44 20 7946 0958"), .redact, .containsPII([.email, .phone])),
        (.integer(4_111_111_111_111_111), .redact, .containsPII([.card])),
        (.string("ada@example.org"), .pseudonymize, .notPseudonymized),
        (.string("0123456789ABCDEF0123456789abcdef"), .pseudonymize, .notPseudonymized),
        (.integer(37), .generalize(.ageBucket(width: 10)), .notGeneralized),
        (.string("30-34"), .generalize(.ageBucket(width: 10)), .notGeneralized),
        (.string("35-44"), .generalize(.ageBucket(width: 10)), .notGeneralized),
        (.string("85711"), .generalize(.zipPrefix(length: 3)), .notGeneralized),
        (.string("2025-03-15"), .generalize(.timestamp(.month)), .notGeneralized),
        (.string("2025-03-15T10:20:30Z"), .generalize(.timestamp(.day)), .notGeneralized),
        (.string("2025-13"), .generalize(.timestamp(.month)), .notGeneralized),
        (.string("203.0.113.77"), .generalize(.ipPrefix(ipv4: 24, ipv6: 48)), .notGeneralized),
        (.string("203.0.113.77/24"), .generalize(.ipPrefix(ipv4: 24, ipv6: 48)), .notGeneralized),
        (.string("203.0.0.0/16"), .generalize(.ipPrefix(ipv4: 24, ipv6: 48)), .notGeneralized),
    ])
    func valuesStoredUnderAnotherRuleDoNotConform(_ value: JSONValue, _ action: FieldAction, _ expected: RuleConformance.Nonconformity) {
        #expect(RuleConformance.check(value, against: action) == expected)
    }

    @Test(arguments: [
        (JSONValue.string("anything"), FieldAction.keep),
        (.string("mail [EMAIL] or call [PHONE]"), .redact),
        (.null, .redact),
        (.string("0123456789abcdef0123456789abcdef"), .pseudonymize),
        (.null, .pseudonymize),
        (.string("30-39"), .generalize(.ageBucket(width: 10))),
        (.string("37"), .generalize(.ageBucket(width: 1))),
        (.string("857"), .generalize(.zipPrefix(length: 3))),
        (.string("SW1"), .generalize(.zipPrefix(length: 3))),
        (.string("2025-03"), .generalize(.timestamp(.month))),
        (.string("2025-03-15"), .generalize(.timestamp(.day))),
        (.string("203.0.113.0/24"), .generalize(.ipPrefix(ipv4: 24, ipv6: 48))),
        (.string("2001:db8:abcd::/48"), .generalize(.ipPrefix(ipv4: 24, ipv6: 48))),
        (.null, .generalize(.timestamp(.day))),
    ])
    func valuesInTheRulesFormConform(_ value: JSONValue, _ action: FieldAction) {
        #expect(RuleConformance.check(value, against: action) == nil)
    }
}
