import ConfideClient
import ConfideProtocol
import Foundation

/// Mints enrolment codes through the admin API, as the service that signed a user in would.
enum Enrolment {
    /// A fresh one-time code for `subject`.
    static func code(for subject: String, via transport: any CoordinatorTransport) async throws -> String {
        let body = Array(try JSONEncoder().encode(EnrolmentRequest(subject: subject)))
        let (status, answer) = try await transport.send(
            method: "POST", target: "/admin/v1/enrolments",
            headers: [("Authorization", "Bearer \(CoordinatorFixture.adminToken)"), ("Content-Type", "application/json")], body: body)
        guard status == 201 else { throw EnrolmentFailed(status: status, body: String(decoding: answer, as: UTF8.self)) }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(EnrolmentResponse.self, from: Data(answer)).code
    }
}

extension Device {
    /// Registers this device for `subject` with a code minted through the admin API.
    func enrol(_ subject: String, via transport: any CoordinatorTransport) async throws {
        try await register(enrolmentCode: try await Enrolment.code(for: subject, via: transport))
    }
}

/// The admin API refused to mint a code.
struct EnrolmentFailed: Error {
    let status: Int
    let body: String
}
