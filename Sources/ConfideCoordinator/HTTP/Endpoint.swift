import ConfideProtocol

/// Every endpoint of the coordinator's API, declared once: its method, path and who may call
/// it. The router serves each through ``Coordinator``'s exhaustive handler switch, so an
/// endpoint cannot be declared without a handler or served without a declaration, and
/// docs/openapi.yaml documents exactly these (a test checks).
public enum Endpoint: CaseIterable, Sendable {
    case health, metrics
    case register, deviceConsent, checkIn, wipe, model
    case work, stage, advertise, neighbourKeys, postShares, getShares, receipt, partners, input, contributors, consistency,
         getUnmask, postUnmask
    case startJob, currentJob, createSchedule, schedules, cancelSchedule, rounds, devices, privacy, integrity, audit, enrol,
         exportSubject, eraseSubject, adminConsent, adminConsentShow

    /// The endpoint's method, path (with `{name}` for parameters) and access.
    public var route: Coordinator.Route {
        switch self {
        case .health: .init(method: "GET", path: Routes.health, access: .open)
        case .metrics: .init(method: "GET", path: Routes.metrics, access: .open)
        case .register: .init(method: "POST", path: Routes.devices, access: .enrolment)
        case .deviceConsent: .init(method: "POST", path: Routes.consent, access: .device)
        case .checkIn: .init(method: "POST", path: Routes.checkIn, access: .device)
        case .wipe: .init(method: "POST", path: Routes.wipe, access: .device)
        case .model: .init(method: "GET", path: Routes.model("{task}"), access: .device)
        case .work: .init(method: "GET", path: Routes.work("{id}"), access: .device)
        case .stage: .init(method: "GET", path: Routes.stage("{id}"), access: .device)
        case .advertise: .init(method: "POST", path: Routes.advertise("{id}"), access: .device)
        case .neighbourKeys: .init(method: "GET", path: Routes.neighbourKeys("{id}"), access: .device)
        case .postShares: .init(method: "POST", path: Routes.shares("{id}"), access: .device)
        case .getShares: .init(method: "GET", path: Routes.shares("{id}"), access: .device)
        case .receipt: .init(method: "POST", path: Routes.receipt("{id}"), access: .device)
        case .partners: .init(method: "GET", path: Routes.partners("{id}"), access: .device)
        case .input: .init(method: "POST", path: Routes.input("{id}"), access: .device)
        case .contributors: .init(method: "GET", path: Routes.contributors("{id}"), access: .device)
        case .consistency: .init(method: "POST", path: Routes.consistency("{id}"), access: .device)
        case .getUnmask: .init(method: "GET", path: Routes.unmask("{id}"), access: .device)
        case .postUnmask: .init(method: "POST", path: Routes.unmask("{id}"), access: .device)
        case .startJob: .init(method: "POST", path: Routes.Admin.jobs, access: .admin)
        case .currentJob: .init(method: "GET", path: Routes.Admin.currentJob, access: .admin)
        case .createSchedule: .init(method: "POST", path: Routes.Admin.schedules, access: .admin)
        case .schedules: .init(method: "GET", path: Routes.Admin.schedules, access: .admin)
        case .cancelSchedule: .init(method: "POST", path: Routes.Admin.cancelSchedule("{id}"), access: .admin)
        case .rounds: .init(method: "GET", path: Routes.Admin.rounds, access: .admin)
        case .devices: .init(method: "GET", path: Routes.Admin.devices, access: .admin)
        case .privacy: .init(method: "GET", path: Routes.Admin.privacy, access: .admin)
        case .integrity: .init(method: "GET", path: Routes.Admin.integrity, access: .admin)
        case .audit: .init(method: "GET", path: Routes.Admin.audit, access: .admin)
        case .enrol: .init(method: "POST", path: Routes.Admin.enrolments, access: .admin)
        case .exportSubject: .init(method: "POST", path: Routes.Admin.exportSubject, access: .admin)
        case .eraseSubject: .init(method: "POST", path: Routes.Admin.eraseSubject, access: .admin)
        case .adminConsent: .init(method: "POST", path: Routes.Admin.consent, access: .admin)
        case .adminConsentShow: .init(method: "POST", path: Routes.Admin.consentShow, access: .admin)
        }
    }
}
