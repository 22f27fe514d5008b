import AsyncHTTPClient
import ConfideClient
import ConfideProtocol
import Foundation
import NIOCore

/// The simulator's calls to the coordinator's admin API (starting jobs, following them).
///
/// Like the devices, it rides out a coordinator that is restarting: a request that fails
/// without an answer, or is answered 502–504 (a proxy in front of a coordinator that is
/// down), is tried again with backoff for up to `patience`.
struct AdminClient: Sendable {
    let baseURL: String
    let token: String
    let http: HTTPClient
    var patience: Duration = .seconds(300)

    /// Starts `request`. If the coordinator went away while answering, the job may have
    /// started before it did: a retry that finds a job of the same task running adopts it.
    func startJob(_ request: StartJobRequest) async throws -> JobStatus {
        let body = try JSONEncoder().encode(request)
        var retried = false
        return try await retrying({ retried = true }) {
            do {
                return try await send("POST", Routes.Admin.jobs, body: body)
            } catch let refusal as AdminRefusal where refusal.status == 409 && retried {
                let current = try await send("GET", Routes.Admin.currentJob) as JobStatus
                guard current.state == .running, current.task == request.task else { throw refusal }
                return current
            }
        }
    }

    func job() async throws -> JobStatus {
        try await retrying { try await send("GET", Routes.Admin.currentJob) }
    }

    /// A one-time enrolment code for `subject`, as the service that authenticated the user would ask for.
    func enrolment(for subject: String) async throws -> String {
        let answer: EnrolmentResponse = try await send("POST", Routes.Admin.enrolments, body: try JSONEncoder().encode(EnrolmentRequest(subject: subject)))
        return answer.code
    }

    /// The running job, else the last one; `nil` when no job has run in the store.
    func lastJob() async throws -> JobStatus? {
        do {
            return try await job()
        } catch let refusal as AdminRefusal where refusal.status == 404 {
            return nil
        }
    }

    /// Device counts, and the devices each purpose could invite now.
    func devices() async throws -> DeviceSummary {
        try await retrying { try await send("GET", Routes.Admin.devices) }
    }

    func privacy() async throws -> PrivacyStatus {
        try await retrying { try await send("GET", Routes.Admin.privacy) }
    }

    /// Runs `attempt` until it succeeds, fails for a reason a retry cannot fix, or
    /// `patience` runs out; `willRetry` runs before each retry.
    private func retrying<Answer>(_ willRetry: () -> Void = {}, _ attempt: () async throws -> Answer) async throws -> Answer {
        let deadline = ContinuousClock.now + patience
        var backoff = RetryBackoff(base: .milliseconds(250), cap: .seconds(5))
        var random = SystemRandomNumberGenerator()
        var warned = false
        while true {
            do {
                return try await attempt()
            } catch let refusal as AdminRefusal where ![502, 503, 504].contains(refusal.status) {
                throw refusal
            } catch {
                guard ContinuousClock.now < deadline else { throw error }
                if !warned {
                    say("the coordinator is unreachable (\(error)); retrying for up to \(patience)")
                    warned = true
                }
                try await Task.sleep(for: backoff.nextDelay(using: &random))
                willRetry()
            }
        }
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
            throw AdminRefusal(status: Int(response.status.code),
                               message: "the coordinator refused \(method) \(path): HTTP \(response.status.code) \(detail?.error.message ?? "")")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        // ε is "Infinity" for rounds run without noise.
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try decoder.decode(Answer.self, from: bytes)
    }
}

/// An admin request the coordinator answered with an error status.
struct AdminRefusal: Error, CustomStringConvertible {
    let status: Int
    let message: String
    var description: String { message }
}

/// A failure of the simulation, with a message for the person running it.
struct SimulationError: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
