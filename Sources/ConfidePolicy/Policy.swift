/// The complete set of policies a store and a coordinator run under.
///
/// Loaded from one or more YAML files by ``PolicyLoader``; every element keeps the
/// ``SourceLocation`` it came from so that audits can cite the clause they check.
public struct Policy: Hashable, Sendable, Codable {
    /// The policy version recorded with every consent entry (for example `2025-06-01`).
    public var version: String
    /// The controller.
    public var controller: Controller
    /// Categories of data subjects (for the record of processing activities).
    public var subjectCategories: [String]
    /// Purposes, keyed by purpose key, in file order.
    public var purposes: [Purpose]
    /// Record kinds, in file order.
    public var kinds: [RecordKind]
    /// Recipients of the data.
    public var recipients: [Recipient]
    /// Technical and organisational security measures (Art. 30(1)(g), 32).
    public var securityMeasures: [String]
    /// Limits on federated training.
    public var training: TrainingLimits
    /// Deadlines for data-subject requests.
    public var requests: RequestDeadlines
    /// How consent is collected.
    public var consent: ConsentSettings
    /// The files the policy was loaded from.
    public var files: [String]
    /// Where each top-level section (`purposes`, `kinds`, `security_measures`…) is declared:
    /// its first occurrence when several files declare it. Audits cite these for rules that
    /// belong to a whole section rather than to one element of it.
    public var sections: [String: SourceLocation]

    /// Creates a policy from its parts; prefer ``PolicyLoader`` which also validates.
    public init(version: String, controller: Controller, subjectCategories: [String], purposes: [Purpose],
                kinds: [RecordKind], recipients: [Recipient], securityMeasures: [String], training: TrainingLimits,
                requests: RequestDeadlines, consent: ConsentSettings, files: [String],
                sections: [String: SourceLocation] = [:]) {
        self.version = version
        self.controller = controller
        self.subjectCategories = subjectCategories
        self.purposes = purposes
        self.kinds = kinds
        self.recipients = recipients
        self.securityMeasures = securityMeasures
        self.training = training
        self.requests = requests
        self.consent = consent
        self.files = files
        self.sections = sections
    }

    /// The purpose with `key`, if declared.
    public func purpose(_ key: String) -> Purpose? {
        purposes.first { $0.key == key }
    }

    /// The record kind with `key`, if declared.
    public func kind(_ key: String) -> RecordKind? {
        kinds.first { $0.key == key }
    }

    /// The purpose that allows `task`, if any (validation guarantees at most one).
    public func purpose(allowing task: TrainingTask) -> Purpose? {
        purposes.first { $0.tasks.contains(task) }
    }

    /// How long records of `kind` are kept: the longest retention among its purposes, in days.
    public func retentionDays(of kind: RecordKind) -> Int {
        kind.purposes.compactMap { purpose($0)?.retentionDays }.max() ?? 0
    }

    /// The recipients that receive data held for `purpose`.
    public func recipients(for purpose: String) -> [Recipient] {
        recipients.filter { $0.purposes.contains(purpose) }
    }
}
