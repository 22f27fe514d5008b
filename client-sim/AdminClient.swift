import AsyncHTTPClient
import ConfideProtocol
import Foundation
import NIOCore

/// The simulator's calls to the coordinator's admin API (starting jobs, following them).
struct AdminClient: Sendable {
    let baseURL: String
    let token: String
    let http: HTTPClient

    func startJob(_ request: StartJobRequest) async throws -> JobStatus {
        try await send("POST", "/admin/v1/jobs", body: try JSONEncoder().encode(request))
    }

    func job() async throws -> JobStatus {
        try await send("GET", "/admin/v1/jobs/current")
    }

    /// A one-time enrolment code for `subject`, as the service that authenticated the user would ask for.
    func enrolment(for subject: String) async throws -> String {
        let answer: EnrolmentResponse = try await send("POST", "/admin/v1/enrolments", body: try JSONEncoder().encode(EnrolmentRequest(subject: subject)))
        return answer.code
    }

    func privacy() async throws -> PrivacyStatus {
        try await send("GET", "/admin/v1/privacy")
    }

    private func send<Answer: Decodable>(_ method: String, _ path: String, body: Data? = nil) async throws -> Answer {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .init(rawValue: method)
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await http.execute(request, timeout: .seconds(30))
        let bytes = Data(buffer: try await response.body.collect(upTo: 64 << 20))
        guard (200..<300).contains(Int(response.status.code)) else {
            let detail = try? JSONDecoder().decode(ErrorBody.self, from: bytes)
            throw SimulationError("the coordinator refused \(method) \(path): HTTP \(response.status.code) \(detail?.error.message ?? "")")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        // ε is "Infinity" for rounds run without noise.
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try decoder.decode(Answer.self, from: bytes)
    }
}

/// A failure of the simulation, with a message for the person running it.
struct SimulationError: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
