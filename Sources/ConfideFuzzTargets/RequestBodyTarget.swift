import ConfideProtocol

/// The JSON request bodies: the first byte picks one of ``types``, the rest is the body.
enum RequestBodyTarget {
    /// Every ``RequestBody`` of the device and admin routes.
    static let types: [any RequestBody.Type] = [
        RegisterDeviceRequest.self, ConsentChangeRequest.self, WipeConfirmation.self, EnrolmentRequest.self,
        SubjectRequest.self, AdminConsentRequest.self, StartJobRequest.self,
    ]

    static func run(_ bytes: [UInt8]) {
        guard let selector = bytes.first else { return }
        _ = try? types[Int(selector) % types.count].decode(from: Array(bytes.dropFirst()))
    }

    static func seeds() -> [(name: String, bytes: [UInt8])] {
        let bodies: [(String, Int, String)] = [
            ("register", 0, #"{"identityPublicKey":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=","enrolmentCode":"0123456789abcdef0123456789abcdef"}"#),
            ("consent", 1, #"{"purpose":"recommendations","granted":true,"channel":"app","method":"toggle"}"#),
            ("wipe", 2, #"{"wipedAt":"2026-12-01T12:00:00.250+01:00"}"#),
            ("enrolment", 3, #"{"subject":"account-42"}"#),
            ("subject", 4, #"{"subject":"account-42"}"#),
            ("admin-consent", 5, #"{"subject":"account-42","purpose":"recommendations","granted":false,"channel":"web","method":"form"}"#),
            ("job-kmeans", 6, #"{"task":"kmeans","features":"movielens-user-v1","rounds":3,"clusters":4,"epsilon":1.5,"samplingRate":0.5,"stageTimeoutSeconds":30,"seed":7}"#),
            ("job-mf", 6, #"{"task":"mf","rounds":2,"items":1682,"factors":8}"#),
        ]
        return bodies.map { ($0.0, [UInt8($0.1)] + Array($0.2.utf8)) }
    }
}
