/// `POST /admin/v1/subjects/export`, `…/erase` and `/admin/v1/consent/show`: names a subject
/// in the body, never in a URL, so identifiers stay out of access logs and proxies.
struct SubjectRequest: Codable, Sendable {
    var subject: String
}

/// `POST /admin/v1/consent`: records consent on a subject's behalf (e.g. from a paper form).
struct AdminConsentRequest: Codable, Sendable {
    var subject: String
    var purpose: String
    var granted: Bool
    var channel: String
    var method: String
}

/// `GET /admin/v1/privacy`: the policy's ε budget and what is spent.
struct PrivacyStatus: Codable, Sendable {
    var epsilonSpent: Double
    var epsilonBudget: Double
    var delta: Double
    var noiseMultiplier: Double
    var differentialPrivacyNoise: Bool
}
