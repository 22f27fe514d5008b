/// A purpose of processing: why data is held, on which lawful basis, for how long, and
/// which training tasks it allows.
public struct Purpose: Hashable, Sendable, Codable {
    /// The purpose's key, used everywhere else in policies and in the consent ledger.
    public var key: String
    /// What the purpose is, in words a data subject understands.
    public var description: String
    /// The lawful basis of processing for this purpose.
    public var lawfulBasis: LawfulBasis
    /// Categories of personal data processed for the purpose (for records of processing and exports).
    public var dataCategories: [String]
    /// How long data held for this purpose is kept, in days from when it was stored.
    public var retentionDays: Int
    /// The training tasks this purpose allows; empty for purposes that train nothing.
    public var tasks: [TrainingTask]
    /// The notice text shown when asking for consent; its hash is recorded with each consent entry.
    /// Required when ``lawfulBasis`` is ``LawfulBasis/consent``.
    public var notice: String?
    /// The oldest, in days, a model this purpose's tasks train may be before it must be
    /// trained again (`nil`: no limit); the policy audit flags older models.
    public var retrainEveryDays: Int?
    /// Where the purpose is declared.
    public var location: SourceLocation

    /// Creates a purpose.
    public init(key: String, description: String, lawfulBasis: LawfulBasis, dataCategories: [String],
                retentionDays: Int, tasks: [TrainingTask], notice: String?, retrainEveryDays: Int? = nil,
                location: SourceLocation) {
        self.key = key
        self.description = description
        self.lawfulBasis = lawfulBasis
        self.dataCategories = dataCategories
        self.retentionDays = retentionDays
        self.tasks = tasks
        self.notice = notice
        self.retrainEveryDays = retrainEveryDays
        self.location = location
    }
}
