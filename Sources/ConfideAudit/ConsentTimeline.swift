import ConfideStore
import Foundation

/// The consent ledger replayed per subject and purpose, to ask whether consent held
/// throughout an interval. Decides like the store's `consentStatus(subject:purpose:at:)`:
/// the latest entry recorded at or before an instant decides, and a grant has expired at
/// and after its expiry.
struct ConsentTimeline: Sendable {
    /// Why consent did not hold, and from when.
    struct Lapse: Hashable, Sendable {
        let state: ConsentStatus.State
        let since: Date
    }

    private struct Key: Hashable {
        let subject: Pseudonym
        let purpose: String
    }

    private let entries: [Key: [ConsentEntry.Payload]]

    /// Replays `ledger`; redacted entries (of erased subjects) carry nothing and are skipped.
    init(_ ledger: [ConsentEntry]) {
        var entries: [Key: [(seq: Int64, payload: ConsentEntry.Payload)]] = [:]
        for entry in ledger {
            guard let payload = entry.payload else { continue }
            entries[Key(subject: payload.subject, purpose: payload.purpose), default: []].append((entry.seq, payload))
        }
        self.entries = entries.mapValues { list in
            list.sorted { ($0.payload.recordedAt, $0.seq) < ($1.payload.recordedAt, $1.seq) }.map(\.payload)
        }
    }

    /// The first moment in `[start, end]` when `subject` did not consent to `purpose`, or
    /// `nil` if consent was granted throughout.
    func lapse(subject: Pseudonym, purpose: String, from start: Date, to end: Date) -> Lapse? {
        let list = entries[Key(subject: subject, purpose: purpose)] ?? []
        var index = list.lastIndex { $0.recordedAt <= start }
        let opening = Self.state(index.map { list[$0] }, at: start)
        guard opening == .granted, var deciding = index.map({ list[$0] }) else { return Lapse(state: opening, since: start) }
        index = (index ?? -1) + 1
        while let next = index, next < list.count, list[next].recordedAt <= end {
            if let expiry = deciding.expiresAt, expiry <= list[next].recordedAt { return Lapse(state: .expired, since: expiry) }
            deciding = list[next]
            if deciding.action == .withdraw { return Lapse(state: .withdrawn, since: deciding.recordedAt) }
            index = next + 1
        }
        if let expiry = deciding.expiresAt, expiry <= end { return Lapse(state: .expired, since: expiry) }
        return nil
    }

    /// The state `entry` leaves a subject in at `instant`.
    static func state(_ entry: ConsentEntry.Payload?, at instant: Date) -> ConsentStatus.State {
        guard let entry else { return .never }
        switch entry.action {
        case .withdraw: return .withdrawn
        case .grant: return entry.expiresAt.map { $0 <= instant } == true ? .expired : .granted
        }
    }

    /// Every subject's latest entry for `purpose` at or before `instant`.
    func latest(purpose: String, at instant: Date) -> [Pseudonym: ConsentEntry.Payload] {
        var result: [Pseudonym: ConsentEntry.Payload] = [:]
        for (key, list) in entries where key.purpose == purpose {
            if let last = list.last(where: { $0.recordedAt <= instant }) { result[key.subject] = last }
        }
        return result
    }
}
