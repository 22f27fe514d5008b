import ConfideCrypto
import ConfidePolicy
@testable import ConfideStore
import Foundation
import Testing

/// Field rules applied without a database: generalizations at their edges, and refusals.
@Suite struct StrippingTests {
    @Test(arguments: [
        (Generalization.ageBucket(width: 10), JSONValue.integer(0), JSONValue.string("0-9")),
        (.ageBucket(width: 10), .string("45"), .string("40-49")),
        (.ageBucket(width: 5), .number(42), .string("40-44")),
        (.ageBucket(width: 1), .integer(30), .string("30")),
        (.zipPrefix(length: 3), .string(" 02139 "), .string("021")),
        (.zipPrefix(length: 4), .string("sw1a 1aa"), .string("SW1A")),
        (.timestamp(.day), .string("2024-02-29T23:30:00-02:00"), .string("2024-03-01")),
        (.timestamp(.month), .string("2024-02-29"), .string("2024-02")),
        (.timestamp(.day), .string("2024-05-03 12:00:00.250Z"), .string("2024-05-03")),
        (.timestamp(.day), .integer(0), .string("1970-01-01")),
        (.ipPrefix(ipv4: 24, ipv6: 48), .string("192.168.17.201"), .string("192.168.17.0/24")),
        (.ipPrefix(ipv4: 16, ipv6: 48), .string("192.168.17.201"), .string("192.168.0.0/16")),
        (.ipPrefix(ipv4: 24, ipv6: 48), .string("2001:db8:abcd:12:ff::1"), .string("2001:db8:abcd::/48")),
        (.ipPrefix(ipv4: 24, ipv6: 56), .string("2001:db8:abcd:12ff::1"), .string("2001:db8:abcd:1200::/56")),
        (.ageBucket(width: 10), .null, .null),
    ])
    func generalizationsCoarsenValues(_ rule: Generalization, _ input: JSONValue, _ expected: JSONValue) throws {
        guard case .success(let output) = Generalizer.apply(rule, to: input) else {
            Issue.record("\(input) should generalize")
            return
        }
        #expect(output == expected)
    }

    @Test(arguments: [
        (Generalization.ageBucket(width: 10), JSONValue.integer(-1)), (.ageBucket(width: 10), .integer(151)),
        (.ageBucket(width: 10), .string("thirty")), (.zipPrefix(length: 3), .integer(2139)), (.zipPrefix(length: 3), .string("<script>")),
        (.timestamp(.day), .string("yesterday")), (.timestamp(.day), .string("2024-13-01")), (.timestamp(.day), .bool(true)),
        (.ipPrefix(ipv4: 24, ipv6: 48), .string("999.1.1.1")), (.ipPrefix(ipv4: 24, ipv6: 48), .integer(3_232_235_777)),
    ])
    func malformedValuesAreRefused(_ rule: Generalization, _ input: JSONValue) {
        guard case .failure = Generalizer.apply(rule, to: input) else {
            Issue.record("\(input) should be refused by \(rule)")
            return
        }
    }

    @Test func pseudonymsAreKeyedAndDomainSeparated() throws {
        let policy = Fixtures.policy
        let stripperA = RecordStripper(policy: policy, pseudonymizer: Pseudonymizer(key: try SymmetricKey()), scanner: .standard)
        let stripperB = RecordStripper(policy: policy, pseudonymizer: Pseudonymizer(key: try SymmetricKey()), scanner: .standard)
        let record: [String: JSONValue] = ["email": .string("x@example.org"), "user_id": .string("x@example.org")]
        let a = try stripperA.strip(record, kind: "profile"), b = try stripperB.strip(record, kind: "profile")
        #expect(a["email"] != b["email"], "another pepper gives other pseudonyms")
        #expect(a["email"] != a["user_id"], "fields are separate domains")
        #expect(try stripperA.strip(record, kind: "profile") == a, "stable under one pepper")
    }

    @Test func redactionNeedsTextAndRefusalsNameKindAndField() throws {
        let stripper = RecordStripper(policy: Fixtures.policy, pseudonymizer: Pseudonymizer(key: try SymmetricKey()), scanner: .standard)
        let notText = #expect(throws: StoreError.self) { try stripper.strip(["bio": .integer(5)], kind: "profile") }
        #expect(notText?.message == "field 'bio' of kind 'profile' is free text to be redacted, found a number")
        let list = #expect(throws: StoreError.self) { try stripper.strip(["gender": .array([.string("F")])], kind: "profile") }
        #expect(list?.kind == .invalidRecord && list?.message.contains("'gender'") == true)
        #expect(try stripper.strip([:], kind: "profile").isEmpty)
    }
}
