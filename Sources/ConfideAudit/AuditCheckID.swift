/// The checks an audit runs, in report order.
public enum AuditCheckID: String, CaseIterable, Hashable, Sendable, Codable {
    /// Problems static validation finds in the policies themselves.
    case policy
    /// Every participation against the consent ledger at the time of its round.
    case consent
    /// Records held longer than their purposes' retention.
    case retention
    /// Stored record kinds and field names against the kinds and field rules declared now.
    case fields
    /// Stored values against their field rules (decrypting every record).
    case values
    /// Data-subject requests against their deadlines.
    case requests
    /// Completed erasures against what the store still holds, and devices told to wipe.
    case erasure
    /// The hash chains of the consent ledger and the audit log.
    case chains
    /// Rounds against the training limits: privacy budget, minimum cohort, allowed tasks.
    case training

    /// A short title for reports.
    public var title: String {
        switch self {
        case .policy: "Policy validation"
        case .consent: "Consent at participation"
        case .retention: "Retention"
        case .fields: "Declared kinds and fields"
        case .values: "Stored values and field rules"
        case .requests: "Data-subject requests"
        case .erasure: "Erasures and device wipes"
        case .chains: "Ledger and audit-log chains"
        case .training: "Training limits"
        }
    }

    /// What the check verifies, in one sentence.
    public var summary: String {
        switch self {
        case .policy: "The policies load and pass static validation: known purposes and tasks, notices for consent, meaningful budgets."
        case .consent: "Every participation in a round had consent for the round's purpose from the round's start to its recording, neither missing, withdrawn nor expired."
        case .retention: "No record is held longer than the longest retention among its kind's purposes."
        case .fields: "Every stored record is of a declared kind and holds only fields the kind declares and does not drop."
        case .values: "Every stored value is in the form its field rule produces: redacted text without personal data, pseudonyms, generalized values."
        case .requests: "Every access and erasure request was completed by its due time."
        case .erasure: "Nothing written before a subject's erasure still names the subject, and devices told to wipe confirmed within the erasure deadline."
        case .chains: "Every entry of the consent ledger and the audit log verifies: hashes, links, signatures, redactions accounted for."
        case .training: "The ε spent by completed rounds stays within the budget, every round met the minimum cohort, and every round's task is allowed by its purpose."
        }
    }
}
