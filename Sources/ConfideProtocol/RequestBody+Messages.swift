import Foundation

// The ranges every request body is held to. A value outside them is refused before any
// handler, planner or arithmetic sees it.

// Lengths count Unicode scalars (code points), as JSON Schema's maxLength does in
// docs/openapi.yaml, so that every text the document allows is accepted; in UTF-8 that is
// at most four times as many bytes.

/// The longest subject identifier accepted, in Unicode scalars.
let maxSubjectLength = 256
/// The longest purpose, channel or method name accepted, in Unicode scalars.
let maxNameLength = 64

func checkName(_ value: String, _ field: String) throws(ProtocolError) {
    guard !value.isEmpty, value.unicodeScalars.count <= maxNameLength else {
        throw ProtocolError(.unprocessable, "\(field) must be 1 to \(maxNameLength) characters")
    }
}

func checkSubject(_ value: String) throws(ProtocolError) {
    let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !trimmed.isEmpty, value.unicodeScalars.count <= maxSubjectLength else {
        throw ProtocolError(.unprocessable, "subject must be 1 to \(maxSubjectLength) characters and not blank")
    }
}

extension RegisterDeviceRequest: RequestBody {
    public static let fields: Set<String> = ["identityPublicKey", "enrolmentCode"]

    public func validate() throws(ProtocolError) {
        guard identityPublicKey.utf8.count <= 64, let key = Data(base64Encoded: identityPublicKey), key.count == 32 else {
            throw ProtocolError(.malformed, "identityPublicKey must be a base64 Ed25519 public key (32 bytes)")
        }
        guard EnrolmentCode.isWellFormed(enrolmentCode) else {
            throw ProtocolError(.malformed, "enrolmentCode must be \(EnrolmentCode.textLength) lowercase hex characters")
        }
    }
}

extension ConsentChangeRequest: RequestBody {
    public static let fields: Set<String> = ["purpose", "granted", "channel", "method"]

    public func validate() throws(ProtocolError) {
        try checkName(purpose, "purpose")
        try checkName(channel, "channel")
        try checkName(method, "method")
    }
}

extension WipeConfirmation: RequestBody {
    public static let fields: Set<String> = ["wipedAt"]

    public func validate() throws(ProtocolError) {
        // Before 2000 or past 9999 is no clock a device should have.
        guard wipedAt.timeIntervalSince1970 >= 946_684_800, wipedAt.timeIntervalSince1970 < 253_402_300_800 else {
            throw ProtocolError(.unprocessable, "wipedAt must be a date between 2000 and 9999")
        }
    }
}

extension EnrolmentRequest: RequestBody {
    public static let fields: Set<String> = ["subject"]

    public func validate() throws(ProtocolError) { try checkSubject(subject) }
}

extension SubjectRequest: RequestBody {
    public static let fields: Set<String> = ["subject"]

    public func validate() throws(ProtocolError) { try checkSubject(subject) }
}

extension AdminConsentRequest: RequestBody {
    public static let fields: Set<String> = ["subject", "purpose", "granted", "channel", "method"]

    public func validate() throws(ProtocolError) {
        try checkSubject(subject)
        try checkName(purpose, "purpose")
        try checkName(channel, "channel")
        try checkName(method, "method")
    }
}

extension StartJobRequest: RequestBody {
    public static let fields: Set<String> = [
        "task", "features", "rounds", "clusters", "items", "factors", "method", "epsilon", "samplingRate", "stageTimeoutSeconds", "seed",
        "clustersFrom", "clustersTo",
    ]

    /// Rounds a job may plan: 1 to 10,000.
    public static let roundRange = 1...10_000
    /// Clusters of a K-Means job: 2 to 64.
    public static let clusterRange = 2...64
    /// Catalogue size of an MF job: 1 to 100,000.
    public static let itemRange = 1...100_000
    /// Latent factors of an MF job: 1 to 100.
    public static let factorRange = 1...100
    /// A stage's timeout: 0.1 s to 1 hour.
    public static let stageTimeoutRange = 0.1...3_600.0

    public func validate() throws(ProtocolError) {
        guard Self.roundRange.contains(rounds) else {
            throw ProtocolError(.unprocessable, "rounds must be 1 to 10,000, got \(rounds)")
        }
        if let clusters, !Self.clusterRange.contains(clusters) {
            throw ProtocolError(.unprocessable, "clusters must be 2 to 64, got \(clusters)")
        }
        if clustersFrom != nil || clustersTo != nil {
            guard let clustersFrom, let clustersTo else {
                throw ProtocolError(.unprocessable, "a sweep over k needs both clustersFrom and clustersTo")
            }
            guard task == .kmeans, clusters == nil else {
                throw ProtocolError(.unprocessable, "clustersFrom and clustersTo sweep a K-Means job's k, in place of clusters")
            }
            guard Self.clusterRange.contains(clustersFrom), Self.clusterRange.contains(clustersTo), clustersTo - clustersFrom >= 2 else {
                throw ProtocolError(.unprocessable, "a sweep over k runs from 2 to 64 with at least 3 candidates, got \(clustersFrom) to \(clustersTo)")
            }
        }
        if let items, !Self.itemRange.contains(items) {
            throw ProtocolError(.unprocessable, "items must be 1 to 100,000, got \(items)")
        }
        if let factors, !Self.factorRange.contains(factors) {
            throw ProtocolError(.unprocessable, "factors must be 1 to 100, got \(factors)")
        }
        if let epsilon, !(epsilon.isFinite && epsilon > 0) {
            throw ProtocolError(.unprocessable, "a job's ε must be a positive finite number, got \(epsilon)")
        }
        if let samplingRate, !(samplingRate > 0 && samplingRate <= 1) {
            throw ProtocolError(.unprocessable, "the sampling rate must be in (0, 1], got \(samplingRate)")
        }
        if let stageTimeoutSeconds, !Self.stageTimeoutRange.contains(stageTimeoutSeconds) {
            throw ProtocolError(.unprocessable, "stageTimeoutSeconds must be 0.1 to 3600, got \(stageTimeoutSeconds)")
        }
    }
}
