/// A lawful basis for processing personal data (GDPR Art. 6(1)).
public enum LawfulBasis: String, CaseIterable, Sendable, Codable {
    /// (a) the data subject has given consent for the purpose.
    case consent
    /// (b) processing is necessary for a contract with the data subject.
    case contract
    /// (c) processing is necessary to comply with a legal obligation.
    case legalObligation = "legal_obligation"
    /// (d) processing is necessary to protect vital interests.
    case vitalInterests = "vital_interests"
    /// (e) processing is necessary for a task in the public interest.
    case publicTask = "public_task"
    /// (f) processing is necessary for legitimate interests not overridden by the subject's.
    case legitimateInterests = "legitimate_interests"

    /// Whether processing for a purpose on this basis needs recorded consent of the subject.
    public var requiresConsent: Bool { self == .consent }
}
