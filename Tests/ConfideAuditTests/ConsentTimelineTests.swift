@testable import ConfideAudit
import ConfideCrypto
@testable import ConfideStore
import Foundation
import Testing

/// Whether consent held throughout an interval, decided entry by entry like the store decides at an instant.
@Suite struct ConsentTimelineTests {
    static let subject = try! Pseudonym(String(repeating: "ab", count: 16))

    static func entry(_ seq: Int64, _ action: ConsentAction, day: Double, expires: Double? = nil, purpose: String = "p") -> ConsentEntry {
        ConsentEntry(seq: seq, entryHash: "", payload: .init(
            subject: subject, purpose: purpose, action: action, policyVersion: "1", noticeHash: "", channel: "app",
            method: "checkbox", recordedAt: AuditFixtures.day(day), expiresAt: expires.map(AuditFixtures.day)))
    }

    static func lapse(_ entries: [ConsentEntry], from start: Double, to end: Double) -> ConsentTimeline.Lapse? {
        ConsentTimeline(entries).lapse(subject: subject, purpose: "p", from: AuditFixtures.day(start), to: AuditFixtures.day(end))
    }

    @Test func aGrantHeldThroughoutIsNoLapse() {
        #expect(Self.lapse([Self.entry(1, .grant, day: 0)], from: 1, to: 2) == nil)
        // A grant recorded at the very start of the interval counts.
        #expect(Self.lapse([Self.entry(1, .grant, day: 1)], from: 1, to: 1) == nil)
    }

    @Test func noEntryOrAGrantAfterTheStartIsMissingConsent() {
        #expect(Self.lapse([], from: 1, to: 2)?.state == .never)
        #expect(Self.lapse([Self.entry(1, .grant, day: 1.5)], from: 1, to: 2) == .init(state: .never, since: AuditFixtures.day(1)))
        #expect(Self.lapse([Self.entry(1, .grant, day: 0, purpose: "other")], from: 1, to: 2)?.state == .never)
    }

    @Test func aWithdrawalInsideTheIntervalIsFoundEvenIfConsentIsGrantedAgain() {
        let entries = [Self.entry(1, .grant, day: 0), Self.entry(2, .withdraw, day: 1.2), Self.entry(3, .grant, day: 1.4)]
        #expect(Self.lapse(entries, from: 1, to: 2) == .init(state: .withdrawn, since: AuditFixtures.day(1.2)))
        #expect(Self.lapse(entries, from: 1.5, to: 2) == nil)
        #expect(Self.lapse(entries, from: 1.3, to: 2)?.state == .withdrawn)
    }

    @Test func aGrantExpiringInsideTheIntervalIsFound() {
        #expect(Self.lapse([Self.entry(1, .grant, day: 0, expires: 1.5)], from: 1, to: 2) == .init(state: .expired, since: AuditFixtures.day(1.5)))
        #expect(Self.lapse([Self.entry(1, .grant, day: 0, expires: 0.5)], from: 1, to: 2)?.state == .expired)
        // Renewed before it expired: no gap.
        let renewed = [Self.entry(1, .grant, day: 0, expires: 1.5), Self.entry(2, .grant, day: 1.2, expires: 9)]
        #expect(Self.lapse(renewed, from: 1, to: 2) == nil)
        // Renewed only after it expired: a gap.
        let late = [Self.entry(1, .grant, day: 0, expires: 1.2), Self.entry(2, .grant, day: 1.4, expires: 9)]
        #expect(Self.lapse(late, from: 1, to: 2) == .init(state: .expired, since: AuditFixtures.day(1.2)))
    }

    @Test func redactedEntriesAreSkipped() {
        let entries = [ConsentEntry(seq: 1, entryHash: "", payload: nil), Self.entry(2, .grant, day: 0)]
        #expect(Self.lapse(entries, from: 1, to: 2) == nil)
    }
}
