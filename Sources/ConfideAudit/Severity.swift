/// How serious a finding is, from `critical` (act today) to `low` (tidy up).
public enum Severity: String, CaseIterable, Comparable, Hashable, Sendable, Codable {
    /// Personal data is processed without a basis, or evidence is broken: consent missing or
    /// withdrawn, erasure incomplete, a broken chain, the privacy budget exceeded.
    case critical
    /// The store breaks a rule of the policy: data past retention, undeclared or unstripped
    /// fields, overdue requests, rounds below the minimum cohort, invalid policies.
    case high
    /// A deadline was missed or a follow-up is outstanding, but nothing is held unlawfully now.
    case medium
    /// Worth tidying; no rule is broken.
    case low

    /// Most serious first.
    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
