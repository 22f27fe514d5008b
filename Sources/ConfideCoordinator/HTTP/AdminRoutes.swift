import ConfideAudit
import ConfideProtocol
import ConfideStore
import Hummingbird

/// The admin API: data-subject requests, consent, training jobs, rounds and integrity.
/// Every call is recorded in the store's hash-chained audit log.
struct AdminRoutes {
    let store: ConfideStore
    let engine: RoundEngine
    let noise: Bool

    func startJob(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        let body = try await collect(request)
        let job = try StartJobRequest.decode(from: body)
        let status = try await engine.startJob(job)
        try await audit("admin.job.start", details: ["task": job.task.rawValue, "rounds": String(job.rounds)])
        return try HTTPReply.json(status, status: .created)
    }

    func job(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        guard let status = await engine.jobStatus() else { throw ProtocolError(.notFound, "no job has run in this store") }
        try await audit("admin.job.status")
        return try HTTPReply.json(status)
    }

    func rounds(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        try await audit("admin.rounds")
        return try HTTPReply.json(try await store.rounds(), encoder: StoreJSON.encoder(pretty: false))
    }

    func devices(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        try await audit("admin.devices")
        return try HTTPReply.json(try await engine.deviceSummary())
    }

    func privacy(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        try await audit("admin.privacy")
        let training = store.policy.training
        return try HTTPReply.json(PrivacyStatus(
            epsilonSpent: try await engine.epsilonSpent(), epsilonBudget: training.epsilonBudget, delta: training.delta,
            noiseMultiplier: training.noiseMultiplier, differentialPrivacyNoise: noise))
    }

    /// `POST /admin/v1/enrolments`: a one-time code for one device of an authenticated subject.
    func enrol(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        let subject = try await pseudonym(request)
        let issued = try await store.issueEnrolment(subject: subject)
        try await audit("admin.enrolment.issue", subject: subject)
        return try HTTPReply.json(EnrolmentResponse(code: issued.code, expiresAt: issued.expiresAt), status: .created)
    }

    /// Export answers `404` for a subject the store holds nothing about, and then leaves no
    /// row naming them (the audit entry records only that an unknown subject was asked for).
    func export(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        let subject = try await heldSubject(request, action: "admin.subject.export")
        let export = try await store.export(subject: subject)
        try await audit("admin.subject.export", subject: subject)
        return try HTTPReply.json(export, encoder: StoreJSON.encoder(pretty: false))
    }

    /// Erasure is idempotent: erasing again returns the first receipt and writes nothing
    /// naming the subject. The audit entry names only the tombstone, since an entry naming
    /// the subject would itself be data held about them.
    func erase(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        let subject = try await pseudonym(request)
        var known = try await store.holdsData(on: subject)
        if !known { known = try await store.erasure(of: subject) != nil }
        guard known else {
            try await audit("admin.subject.erase", details: ["result": "unknown subject"])
            throw ProtocolError(.notFound, "the store holds no data about this subject; nothing to erase")
        }
        let outcome = try await store.erase(subject: subject)
        try await audit("admin.subject.erase", details: [
            "tombstone": outcome.receipt.tombstoneID, "result": outcome.alreadyErased ? "already erased" : "erased",
        ])
        return try HTTPReply.json(outcome, encoder: StoreJSON.encoder(pretty: false))
    }

    func consentShow(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        let subject = try await heldSubject(request, action: "admin.consent.show")
        try await audit("admin.consent.show", subject: subject)
        return try HTTPReply.json(try await store.consentStatuses(subject: subject), encoder: StoreJSON.encoder(pretty: false))
    }

    func consentChange(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        let change = try AdminConsentRequest.decode(from: try await collect(request))
        let subject = try store.pseudonym(for: change.subject)
        try await audit(change.granted ? "admin.consent.grant" : "admin.consent.withdraw", subject: subject,
                        details: ["purpose": change.purpose])
        let receipt = change.granted
            ? try await store.grantConsent(subject: subject, purpose: change.purpose, channel: change.channel, method: change.method)
            : try await store.withdrawConsent(subject: subject, purpose: change.purpose, channel: change.channel, method: change.method)
        return try HTTPReply.json(receipt, status: .created, encoder: StoreJSON.encoder(pretty: false))
    }

    /// The policy audit of the live store (`?format=json|html|text`, default JSON).
    func audit(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        let format = request.uri.queryParameters.get("format") ?? "json"
        guard ["json", "html", "text"].contains(format) else {
            throw ProtocolError(.malformed, "format must be json, html or text")
        }
        try await audit("admin.audit", details: ["format": format])
        let report = try await PolicyAuditor(store: store, policy: store.policy).run()
        let (body, type): ([UInt8], String) = switch format {
        case "html": (Array(HTMLReportRenderer().render(report).utf8), "text/html; charset=utf-8")
        case "text": (Array(TextReportRenderer(colour: false).render(report).utf8), "text/plain; charset=utf-8")
        default: (Array(try report.jsonData()), "application/json")
        }
        return Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    func integrity(_ request: Request, _ context: CoordinatorRequestContext) async throws -> Response {
        try await audit("admin.integrity")
        return try HTTPReply.json(try await store.verify(), encoder: StoreJSON.encoder(pretty: false))
    }

    func collect(_ request: Request) async throws -> [UInt8] {
        var request = request
        return try await DeviceAuthenticationMiddleware.collect(&request, limit: 1 << 20)
    }

    private func pseudonym(_ request: Request) async throws -> Pseudonym {
        let named = try SubjectRequest.decode(from: try await collect(request))
        return try store.pseudonym(for: named.subject)
    }

    /// The pseudonym named in the body, if the store holds data about it; otherwise the
    /// request is audited without naming anyone and answered `404`.
    private func heldSubject(_ request: Request, action: String) async throws -> Pseudonym {
        let subject = try await pseudonym(request)
        guard try await store.holdsData(on: subject) else {
            try await audit(action, details: ["result": "unknown subject"])
            throw ProtocolError(.notFound, "the store holds no data about this subject")
        }
        return subject
    }

    func audit(_ action: String, subject: Pseudonym? = nil, details: [String: String] = [:]) async throws {
        try await store.recordAudit(action: action, subject: subject, details: details, actor: "admin-api")
    }
}
