import Foundation

/// Figures a privacy team reads next to the findings: consent per purpose over time, how
/// fast requests are answered, and the privacy budget spent per purpose.
public struct AuditStatistics: Hashable, Sendable, Codable {
    /// Consent for one purpose.
    public struct PurposeConsent: Hashable, Sendable, Codable {
        /// The purpose's key.
        public let purpose: String
        /// Grants recorded (entries not redacted by erasures).
        public let grants: Int
        /// Withdrawals recorded.
        public let withdrawals: Int
        /// Subjects with at least one entry.
        public let subjects: Int
        /// Subjects whose consent is granted at the audit's instant.
        public let grantedNow: Int
        /// Subjects whose latest entry is a withdrawal.
        public let withdrawnNow: Int
        /// Subjects whose latest grant has expired.
        public let expiredNow: Int
        /// The length of each period of ``timeline``: `day`, `month` or `year` (UTC).
        public let period: String
        /// Grants and withdrawals per period, and the subjects granted at each period's end.
        public let timeline: [Period]

        enum CodingKeys: String, CodingKey {
            case purpose, grants, withdrawals, subjects, period, timeline
            case grantedNow = "granted_now"
            case withdrawnNow = "withdrawn_now"
            case expiredNow = "expired_now"
        }
    }

    /// One period of a consent timeline.
    public struct Period: Hashable, Sendable, Codable {
        /// The period's first instant (UTC).
        public let start: Date
        /// Grants recorded in the period.
        public let grants: Int
        /// Withdrawals recorded in the period.
        public let withdrawals: Int
        /// Subjects granted at the period's end (or at the audit's instant, for the last period).
        public let granted: Int
    }

    /// How requests of one kind were answered.
    public struct RequestTurnaround: Hashable, Sendable, Codable {
        /// `access` or `erasure`.
        public let kind: String
        /// Days the policy allows now.
        public let dueDays: Int
        /// Requests received.
        public let received: Int
        /// Requests completed.
        public let completed: Int
        /// Requests still open.
        public let open: Int
        /// Open requests past their due time.
        public let overdue: Int
        /// Completed requests that were completed after their due time.
        public let completedLate: Int
        /// Median days from receipt to completion, over completed requests.
        public let medianDays: Double?
        /// Longest days from receipt to completion.
        public let maximumDays: Double?

        enum CodingKeys: String, CodingKey {
            case kind, received, completed, open, overdue
            case dueDays = "due_days"
            case completedLate = "completed_late"
            case medianDays = "median_days"
            case maximumDays = "maximum_days"
        }
    }

    /// The privacy budget and what completed rounds spent.
    public struct PrivacyBudget: Hashable, Sendable, Codable {
        /// ε spent by one purpose's completed rounds.
        public struct PurposeSpend: Hashable, Sendable, Codable {
            /// The purpose's key.
            public let purpose: String
            /// Completed rounds.
            public let rounds: Int
            /// Their ε, summed.
            public let epsilon: Double
        }

        /// The policy's total budget.
        public let budget: Double
        /// The policy's δ.
        public let delta: Double
        /// ε recorded by every charged round (completed, or aborted after its sum was unmasked).
        public let spent: Double
        /// What is left (negative when overspent).
        public let remaining: Double
        /// Per purpose.
        public let purposes: [PurposeSpend]
        /// ε of every charged round recomputed from its recorded σ and sampling rate by
        /// privacy loss distributions, the accountant that keeps the budget; absent when
        /// unbounded (a round without noise) or unreadable.
        public let recomputedPLD: Double?
        /// The same by Rényi DP: the looser bound, kept as an independent cross-check.
        public let recomputedRDP: Double?

        enum CodingKeys: String, CodingKey {
            case budget, delta, spent, remaining, purposes
            case recomputedPLD = "recomputed_pld"
            case recomputedRDP = "recomputed_rdp"
        }
    }

    /// Consent per purpose that rests on consent or appears in the ledger.
    public let consent: [PurposeConsent]
    /// Request turnaround per kind.
    public let requests: [RequestTurnaround]
    /// The privacy budget.
    public let privacyBudget: PrivacyBudget

    enum CodingKeys: String, CodingKey {
        case consent, requests
        case privacyBudget = "privacy_budget"
    }
}
