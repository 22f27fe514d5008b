import ConfidePolicy
import Foundation

/// The record of processing activities a controller keeps under GDPR Art. 30(1), generated
/// from the policies: one activity per purpose, with the controller, categories of subjects
/// and data, recipients, transfers, retention and security measures.
public struct RecordOfProcessing: Hashable, Sendable, Codable {
    /// The format identifier, `confide.ropa.v1`.
    public static let formatName = "confide.ropa.v1"

    /// Art. 30(1)(a): the controller and its data protection officer.
    public struct ControllerEntry: Hashable, Sendable, Codable {
        /// Legal name.
        public let name: String
        /// Where requests go.
        public let contact: String
        /// Postal address, if given.
        public let address: String?
        /// The DPO's contact, if designated.
        public let dataProtectionOfficer: String?

        enum CodingKeys: String, CodingKey {
            case name, contact, address
            case dataProtectionOfficer = "data_protection_officer"
        }
    }

    /// Art. 30(1)(d): a recipient or category of recipients.
    public struct RecipientEntry: Hashable, Sendable, Codable {
        /// Name or category.
        public let name: String
        /// `internal`, `processor` or `third_party`.
        public let role: String
        /// Where it processes data, if stated.
        public let location: String?
        /// Safeguards for a transfer outside the EEA, if any.
        public let safeguards: String?
    }

    /// Art. 30(1)(e): a transfer to a third country and its safeguards.
    public struct Transfer: Hashable, Sendable, Codable {
        /// The recipient.
        public let recipient: String
        /// The country or region outside the EEA.
        public let destination: String
        /// The safeguards, or `nil` when the policy states none (which needs attention).
        public let safeguards: String?
    }

    /// The data a purpose reads: one record kind, where it comes from and its field rules.
    public struct DataSource: Hashable, Sendable, Codable {
        /// The record kind.
        public let kind: String
        /// What a record is.
        public let description: String
        /// Where the data comes from (Art. 14(2)(f)).
        public let source: String
        /// Each field and what is done to it before storage (`email: pseudonymize`).
        public let fields: [String]
    }

    /// Art. 30(1)(b)–(g) for one purpose.
    public struct Activity: Hashable, Sendable, Codable {
        /// The purpose's key.
        public let purpose: String
        /// Art. 30(1)(b): what the processing is for.
        public let description: String
        /// Art. 6(1) basis, as written in the policy (`consent`, `contract`…).
        public let lawfulBasis: String
        /// The Art. 6(1) point, such as `Art. 6(1)(a)`.
        public let lawfulBasisArticle: String
        /// Art. 30(1)(c): categories of data subjects.
        public let subjectCategories: [String]
        /// Art. 30(1)(c): categories of personal data.
        public let dataCategories: [String]
        /// The record kinds held for it.
        public let sources: [DataSource]
        /// Art. 30(1)(d): recipients.
        public let recipients: [RecipientEntry]
        /// Art. 30(1)(e): transfers outside the EEA.
        public let transfers: [Transfer]
        /// Art. 30(1)(f): days data is kept.
        public let retentionDays: Int
        /// Federated training tasks it allows.
        public let trainingTasks: [String]
        /// Where the purpose is declared.
        public let declaredAt: String

        enum CodingKeys: String, CodingKey {
            case purpose, description, sources, recipients, transfers
            case lawfulBasis = "lawful_basis"
            case lawfulBasisArticle = "lawful_basis_article"
            case subjectCategories = "subject_categories"
            case dataCategories = "data_categories"
            case retentionDays = "retention_days"
            case trainingTasks = "training_tasks"
            case declaredAt = "declared_at"
        }
    }

    /// Always ``formatName``.
    public let format: String
    /// The policy version the record describes.
    public let policyVersion: String
    /// The policy files it was generated from.
    public let policyFiles: [String]
    /// Art. 30(1)(a).
    public let controller: ControllerEntry
    /// One activity per purpose, in policy order.
    public let activities: [Activity]
    /// Art. 30(1)(g): technical and organisational measures, as the policy states them and
    /// as its training limits and request deadlines imply.
    public let securityMeasures: [String]
    /// Deadlines for data-subject requests, in days.
    public let requestDeadlines: [String: Int]

    enum CodingKeys: String, CodingKey {
        case format, controller, activities
        case policyVersion = "policy_version"
        case policyFiles = "policy_files"
        case securityMeasures = "security_measures"
        case requestDeadlines = "request_deadlines"
    }

    /// The record of processing activities `policy` describes.
    public init(policy: Policy) {
        format = Self.formatName
        policyVersion = policy.version
        policyFiles = policy.files
        let controller = policy.controller
        self.controller = ControllerEntry(name: controller.name, contact: controller.contact, address: controller.address,
                                          dataProtectionOfficer: controller.dpo)
        activities = policy.purposes.map { Self.activity($0, policy: policy) }
        let training = policy.training
        securityMeasures = policy.securityMeasures + [
            "Federated training: updates are clipped to L2 norm \(Figures.decimal(training.clipNorm)), noised with multiplier \(Figures.decimal(training.noiseMultiplier)) and aggregated only over cohorts of at least \(training.minCohort) devices.",
            "Differential privacy: all training together spends at most ε = \(Figures.decimal(training.epsilonBudget)) at δ = \(training.delta).",
            "Consent is recorded in a hash-chained ledger and each grant yields a receipt signed by the coordinator.",
        ]
        requestDeadlines = ["access": policy.requests.accessDays, "erasure": policy.requests.erasureDays]
    }

    private static func activity(_ purpose: Purpose, policy: Policy) -> Activity {
        let recipients = policy.recipients(for: purpose.key)
        return Activity(
            purpose: purpose.key, description: purpose.description, lawfulBasis: purpose.lawfulBasis.rawValue,
            lawfulBasisArticle: article(purpose.lawfulBasis), subjectCategories: policy.subjectCategories,
            dataCategories: purpose.dataCategories,
            sources: policy.kinds.filter { $0.purposes.contains(purpose.key) }.map { kind in
                DataSource(kind: kind.key, description: kind.description, source: kind.source,
                           fields: kind.fields.map { "\($0.field): \(PolicyClauses.describe($0.action))" })
            },
            recipients: recipients.map {
                RecipientEntry(name: $0.name, role: $0.role.rawValue, location: $0.location, safeguards: $0.safeguards)
            },
            transfers: recipients.compactMap { recipient in
                guard let location = recipient.location, !EEA.contains(location) else { return nil }
                return Transfer(recipient: recipient.name, destination: location, safeguards: recipient.safeguards)
            },
            retentionDays: purpose.retentionDays, trainingTasks: purpose.tasks.map(\.rawValue),
            declaredAt: "\(purpose.location.file):\(purpose.location.line)")
    }

    /// The point of Art. 6(1) a basis rests on.
    static func article(_ basis: LawfulBasis) -> String {
        switch basis {
        case .consent: "Art. 6(1)(a)"
        case .contract: "Art. 6(1)(b)"
        case .legalObligation: "Art. 6(1)(c)"
        case .vitalInterests: "Art. 6(1)(d)"
        case .publicTask: "Art. 6(1)(e)"
        case .legitimateInterests: "Art. 6(1)(f)"
        }
    }

    /// The record as JSON (sorted keys).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
