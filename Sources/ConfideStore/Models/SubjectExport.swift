import ConfidePolicy
import Foundation

/// Everything the store holds on one subject, with the facts GDPR Art. 15 requires and in
/// a structured, machine-readable form for portability (Art. 20). Schema: docs/privacy-model.md.
public struct SubjectExport: Hashable, Sendable, Codable {
    /// The document format and version.
    public var format = "confide.subject-export.v1"
    /// When the export was made.
    public let generatedAt: Date
    /// Who is responsible, and how to reach them.
    public let controller: Controller
    /// The policy version in force.
    public let policyVersion: String
    /// The subject, by pseudonym.
    public let subject: Pseudonym
    /// Whether the store holds anything on the subject.
    public let holdsData: Bool
    /// Every record, as stored (after the policy's rules), with why and how long it is kept.
    public let records: [Record]
    /// Every consent entry, each as its signed receipt.
    public let consentHistory: [ConsentReceipt]
    /// Consent per consent-based purpose at the time of the export.
    public let consentNow: [ConsentStatus]
    /// The subject's registered devices.
    public let devices: [DeviceRecord]
    /// The rounds the subject's devices contributed to.
    public let participations: [ParticipationRecord]
    /// The ε increments of the rounds the subject's devices joined, by purpose. For
    /// reference only: the guarantee that holds for the subject is ``privacyGuarantee``.
    public let epsilonSpent: [String: Double]
    /// The differential-privacy guarantee that holds for the subject.
    public var privacyGuarantee: PrivacyGuarantee
    /// The subject's data-subject requests, this one included.
    public let requests: [DataSubjectRequest]
    /// Purposes, lawful bases, retention, recipients, sources and rights.
    public let processing: Processing

    /// The (ε, δ) guarantee that holds for one person.
    ///
    /// Cohorts are drawn by Poisson sampling and the accountant's ε accounts for that
    /// sampling, so the guarantee covers everyone in the population alike, whether or not
    /// they were sampled: it is the cumulative ε of every round whose sum was released
    /// (completed, or aborted after unmasking), for all purposes together, since they
    /// compose over the same data. The rounds the subject joined are listed beside it.
    public struct PrivacyGuarantee: Hashable, Sendable, Codable {
        /// The cumulative ε of every charged round (`+∞` if any round ran without noise).
        public let epsilon: Double
        /// The δ of the guarantee.
        public let delta: Double
        /// Rounds whose sums were released, all subjects together.
        public let roundsCharged: Int
        /// Rounds the subject's devices contributed to.
        public let roundsJoined: Int
        /// The guarantee in words.
        public let statement: String

        enum CodingKeys: String, CodingKey {
            case epsilon, delta, statement
            case roundsCharged = "rounds_charged"
            case roundsJoined = "rounds_joined"
        }
    }

    /// One stored record with its purposes and retention.
    public struct Record: Hashable, Sendable, Codable {
        /// The record's identifier.
        public let id: String
        /// Its kind.
        public let kind: String
        /// When it was stored.
        public let createdAt: Date
        /// The fields as stored.
        public let fields: [String: JSONValue]
        /// The purposes it is held for.
        public let purposes: [String]
        /// How long it is kept, in days.
        public let retentionDays: Int
        /// When it will be deleted at the latest.
        public let deleteBy: Date
        /// Where the data came from.
        public let source: String

        enum CodingKeys: String, CodingKey {
            case id, kind, fields, purposes, source
            case createdAt = "created_at"
            case retentionDays = "retention_days"
            case deleteBy = "delete_by"
        }
    }

    /// The processing information of Art. 15(1)(a)–(h).
    public struct Processing: Hashable, Sendable, Codable {
        /// Every purpose of the policy.
        public let purposes: [PurposeInfo]
        /// Every recipient of the policy.
        public let recipients: [RecipientInfo]
        /// Where each kind of record comes from.
        public let sources: [String: String]
        /// What the store keeps besides records, and why.
        public let otherData: [String]
        /// The subject's rights and where to exercise them.
        public let rights: [String]

        enum CodingKeys: String, CodingKey {
            case purposes, recipients, sources, rights
            case otherData = "other_data"
        }
    }

    /// A purpose as presented to the subject.
    public struct PurposeInfo: Hashable, Sendable, Codable {
        /// The purpose key.
        public let key: String
        /// What it is.
        public let description: String
        /// Its lawful basis.
        public let lawfulBasis: LawfulBasis
        /// Categories of data processed.
        public let dataCategories: [String]
        /// Retention in days.
        public let retentionDays: Int
        /// Training tasks it allows.
        public let tasks: [TrainingTask]
        /// Names of the recipients for this purpose.
        public let recipients: [String]

        enum CodingKeys: String, CodingKey {
            case key, description, tasks, recipients
            case lawfulBasis = "lawful_basis"
            case dataCategories = "data_categories"
            case retentionDays = "retention_days"
        }
    }

    /// A recipient as presented to the subject.
    public struct RecipientInfo: Hashable, Sendable, Codable {
        /// Name or category.
        public let name: String
        /// Internal, processor or third party.
        public let role: Recipient.Role
        /// Purposes data is disclosed for.
        public let purposes: [String]
        /// Where it processes data.
        public let location: String?
        /// Transfer safeguards.
        public let safeguards: String?
    }

    enum CodingKeys: String, CodingKey {
        case format, controller, subject, records, devices, participations, requests, processing
        case generatedAt = "generated_at"
        case policyVersion = "policy_version"
        case holdsData = "holds_data"
        case consentHistory = "consent_history"
        case consentNow = "consent_now"
        case epsilonSpent = "epsilon_spent"
        case privacyGuarantee = "privacy_guarantee"
    }
}
