/// The stable code of a kind of finding. Codes never change meaning; new ones may be added.
public enum FindingCode: String, CaseIterable, Hashable, Sendable, Codable {
    /// The policies have a problem static validation reports.
    case policyProblem = "POLICY_PROBLEM"
    /// A participation for a consent-based purpose by a subject who never granted consent (before the round began).
    case consentMissing = "CONSENT_MISSING"
    /// A participation after the subject withdrew consent for the purpose.
    case consentWithdrawn = "CONSENT_WITHDRAWN"
    /// A participation after the subject's grant expired.
    case consentExpired = "CONSENT_EXPIRED"
    /// Records held past the longest retention among their kind's purposes.
    case retentionExceeded = "RETENTION_EXCEEDED"
    /// Records of a kind the policy does not declare.
    case kindUndeclared = "KIND_UNDECLARED"
    /// Records holding a field their kind does not declare.
    case fieldUndeclared = "FIELD_UNDECLARED"
    /// Records holding a field whose rule is `drop`.
    case fieldNotDropped = "FIELD_NOT_DROPPED"
    /// Values of a `redact` field that still contain personal data a detector finds.
    case fieldPIIUnredacted = "FIELD_PII_UNREDACTED"
    /// Values of a `pseudonymize` field that are not pseudonyms.
    case fieldNotPseudonymized = "FIELD_NOT_PSEUDONYMIZED"
    /// Values of a `generalize` field that are not in the generalized form.
    case fieldNotGeneralized = "FIELD_NOT_GENERALIZED"
    /// Records that do not decrypt: altered, moved, or their subject's key is missing.
    case recordUnreadable = "RECORD_UNREADABLE"
    /// Data-subject requests still open after their due time.
    case requestOverdue = "REQUEST_OVERDUE"
    /// Data-subject requests completed after their due time.
    case requestLate = "REQUEST_LATE"
    /// Rows written before a subject's erasure that still name the subject.
    case erasureIncomplete = "ERASURE_INCOMPLETE"
    /// Devices told to wipe that have not confirmed within the erasure deadline.
    case wipeUnconfirmed = "WIPE_UNCONFIRMED"
    /// The consent ledger's chain does not verify.
    case consentChainBroken = "CONSENT_CHAIN_BROKEN"
    /// The audit log's chain does not verify.
    case auditChainBroken = "AUDIT_CHAIN_BROKEN"
    /// Completed rounds together spent more ε than the policy's budget.
    case epsilonBudgetExceeded = "EPSILON_BUDGET_EXCEEDED"
    /// The ε recorded for charged rounds is below what their recorded noise gives, or the
    /// two accountants disagree impossibly.
    case epsilonUnderstated = "EPSILON_UNDERSTATED"
    /// Completed rounds aggregated fewer devices than the minimum cohort.
    case cohortBelowMinimum = "COHORT_BELOW_MINIMUM"
    /// Rounds of a task their purpose does not allow.
    case taskNotAllowed = "TASK_NOT_ALLOWED"
    /// Rounds or participations for a purpose the policy does not declare.
    case purposeUndeclared = "PURPOSE_UNDECLARED"
    /// A task's newest model is older than its purpose's `retrain_every_days` allows.
    case modelStale = "MODEL_STALE"

    /// The check that reports it.
    public var check: AuditCheckID {
        switch self {
        case .policyProblem: .policy
        case .consentMissing, .consentWithdrawn, .consentExpired: .consent
        case .retentionExceeded: .retention
        case .kindUndeclared, .fieldUndeclared, .fieldNotDropped: .fields
        case .fieldPIIUnredacted, .fieldNotPseudonymized, .fieldNotGeneralized, .recordUnreadable: .values
        case .requestOverdue, .requestLate: .requests
        case .erasureIncomplete, .wipeUnconfirmed: .erasure
        case .consentChainBroken, .auditChainBroken: .chains
        case .epsilonBudgetExceeded, .epsilonUnderstated, .cohortBelowMinimum, .taskNotAllowed, .purposeUndeclared, .modelStale: .training
        }
    }

    /// How serious it is.
    public var severity: Severity {
        switch self {
        case .consentMissing, .consentWithdrawn, .erasureIncomplete, .consentChainBroken, .auditChainBroken,
             .epsilonBudgetExceeded, .epsilonUnderstated, .recordUnreadable, .fieldPIIUnredacted:
            .critical
        case .policyProblem, .consentExpired, .retentionExceeded, .kindUndeclared, .fieldUndeclared, .fieldNotDropped,
             .fieldNotPseudonymized, .requestOverdue, .cohortBelowMinimum, .taskNotAllowed, .purposeUndeclared:
            .high
        case .fieldNotGeneralized, .requestLate, .wipeUnconfirmed, .modelStale:
            .medium
        }
    }

    /// A short title.
    public var title: String {
        switch self {
        case .policyProblem: "Policy problem"
        case .consentMissing: "Participation without consent"
        case .consentWithdrawn: "Participation after withdrawal"
        case .consentExpired: "Participation on expired consent"
        case .retentionExceeded: "Data held past retention"
        case .kindUndeclared: "Records of an undeclared kind"
        case .fieldUndeclared: "Stored field not declared"
        case .fieldNotDropped: "Stored field the policy drops"
        case .fieldPIIUnredacted: "Personal data in a redacted field"
        case .fieldNotPseudonymized: "Field not pseudonymized"
        case .fieldNotGeneralized: "Field not generalized"
        case .recordUnreadable: "Records that do not decrypt"
        case .requestOverdue: "Request overdue"
        case .requestLate: "Request completed late"
        case .erasureIncomplete: "Erased subject still in the store"
        case .wipeUnconfirmed: "Device wipe not confirmed"
        case .consentChainBroken: "Consent ledger chain broken"
        case .auditChainBroken: "Audit log chain broken"
        case .epsilonBudgetExceeded: "Privacy budget exceeded"
        case .epsilonUnderstated: "Privacy spend understated"
        case .cohortBelowMinimum: "Round below the minimum cohort"
        case .taskNotAllowed: "Task not allowed by its purpose"
        case .purposeUndeclared: "Training for an undeclared purpose"
        case .modelStale: "Model older than its purpose allows"
        }
    }

    /// What to do about it, in one sentence.
    public var remedy: String {
        switch self {
        case .policyProblem:
            "Fix the policy at the cited line (run `confide-coordinator policy check`) before the coordinator next starts."
        case .consentMissing:
            "Stop selecting devices without a recorded grant, and remove these subjects' contributions by retraining the affected model versions without them."
        case .consentWithdrawn:
            "Make devices and the coordinator re-check consent at every stage, and retrain the affected model versions without these subjects."
        case .consentExpired:
            "Ask these subjects to renew consent before their grant expires, and treat expired grants as withdrawn when sampling cohorts."
        case .retentionExceeded:
            "Run `confide-coordinator store purge` now and schedule it daily so records leave when their retention ends."
        case .kindUndeclared:
            "Declare the kind with its purposes and a rule for every field, or erase these records: data the policy does not cover has no purpose or retention."
        case .fieldUndeclared:
            "Declare a rule for the field (and re-strip the records under it), or remove the field from the stored records."
        case .fieldNotDropped:
            "Re-strip the affected records so the dropped field is removed, or change the rule if the field is in fact needed."
        case .fieldPIIUnredacted:
            "Re-strip the affected records so the detected personal data is replaced by placeholders, and find the writer that bypassed redaction."
        case .fieldNotPseudonymized:
            "Re-strip the affected records so the field holds keyed pseudonyms, and find the writer that stored raw values."
        case .fieldNotGeneralized:
            "Re-strip the affected records so the field holds only the generalized form the rule asks for."
        case .recordUnreadable:
            "Restore the records from a verified backup or erase them; find out who altered the rows or deleted the subject's key."
        case .requestOverdue:
            "Complete these requests now (`confide-coordinator subject export` or `subject erase`) and tell the subjects why they were late."
        case .requestLate:
            "Review why these requests missed their deadline and shorten the path from receipt to completion."
        case .erasureIncomplete:
            "Erase these subjects again (`confide-coordinator subject erase` is idempotent and removes what is left) and find the writer that kept or restored their rows."
        case .wipeUnconfirmed:
            "Follow up with these devices' owners or retire the devices; keep refusing their registrations."
        case .consentChainBroken:
            "Treat the ledger from the cited entry on as untrustworthy: restore it from a verified backup and investigate who changed the database."
        case .auditChainBroken:
            "Treat the audit log from the cited entry on as untrustworthy: restore it from a verified backup and investigate who changed the database."
        case .epsilonBudgetExceeded:
            "Stop training on this data now: the coordinator must refuse rounds that would exceed the budget; report the overspend to the DPO."
        case .epsilonUnderstated:
            "Take the recomputed ε as the truth, not the recorded one: find why rounds were under-charged (edited rows, a mismatched accountant) and stop training if the recomputed ε exceeds the budget."
        case .cohortBelowMinimum:
            "Make the coordinator abort rounds with fewer survivors than the minimum cohort, and review the affected model versions."
        case .taskNotAllowed:
            "Run each task only under the purpose that allows it, or amend the policy (and its consent notice) to allow the task."
        case .purposeUndeclared:
            "Declare the purpose (with its lawful basis and notice) or stop training for it; audits cannot check consent for an undeclared purpose."
        case .modelStale:
            "Retrain now, and schedule retraining at least as often as the policy asks (`POST /admin/v1/schedules` with `repeatEverySeconds`), or stop serving the stale model."
        }
    }
}
