import Foundation

/// `POST /admin/v1/enrolments`: the service that authenticated a user asks for a one-time
/// code that lets one device of that user register.
public struct EnrolmentRequest: Codable, Sendable, Equatable {
    /// The subject's identifier in the controller's systems (e.g. an account id); it is
    /// pseudonymized on arrival and never stored or logged.
    public var subject: String

    /// An enrolment request.
    public init(subject: String) { self.subject = subject }
}

/// The answer to an enrolment request: the code to hand to the user's device.
public struct EnrolmentResponse: Codable, Sendable, Equatable {
    /// The code: ``EnrolmentCode/textLength`` lowercase hex characters, valid once.
    public var code: String
    /// When the code stops being accepted.
    public var expiresAt: Date

    /// An enrolment answer.
    public init(code: String, expiresAt: Date) {
        self.code = code
        self.expiresAt = expiresAt
    }
}

/// The form of enrolment codes: 128 random bits as 32 lowercase hex characters.
public enum EnrolmentCode {
    /// Characters in a code.
    public static let textLength = 32

    /// Whether `text` has the form of a code (not whether it is valid).
    public static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == textLength && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
