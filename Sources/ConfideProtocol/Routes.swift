/// The paths of the coordinator's HTTP API (version 1). `{id}` is a round id (a schedule id under `Admin`).
public enum Routes {
    /// Device registration (`POST`).
    public static let devices = "/v1/devices"
    /// Consent changes (`POST`).
    public static let consent = "/v1/consent"
    /// Check in for work (`POST`).
    public static let checkIn = "/v1/checkin"
    /// Wipe confirmation (`POST`).
    public static let wipe = "/v1/wipe"
    /// The latest published model of a task (`GET /v1/models/{task}`).
    public static func model(_ task: String) -> String { "/v1/models/\(task)" }
    /// A round's signed work order (`GET`).
    public static func work(_ round: String) -> String { "/v1/rounds/\(round)/work" }
    /// A round's stage, long-polled (`GET ?after=STAGE`).
    public static func stage(_ round: String) -> String { "/v1/rounds/\(round)/stage" }
    /// Advertise keys (`POST`, binary).
    public static func advertise(_ round: String) -> String { "/v1/rounds/\(round)/advertise" }
    /// The device's neighbours' keys (`GET`, binary).
    public static func neighbourKeys(_ round: String) -> String { "/v1/rounds/\(round)/neighbour-keys" }
    /// Encrypted shares, out (`POST`, binary) and in (`GET`, binary).
    public static func shares(_ round: String) -> String { "/v1/rounds/\(round)/shares" }
    /// The share receipt (`POST`, binary).
    public static func receipt(_ round: String) -> String { "/v1/rounds/\(round)/receipt" }
    /// The device's mask partners (`GET`, binary).
    public static func partners(_ round: String) -> String { "/v1/rounds/\(round)/partners" }
    /// The sealed masked input (`POST`, binary).
    public static func input(_ round: String) -> String { "/v1/rounds/\(round)/input" }
    /// The contributor set for the device to sign (`GET`, binary).
    public static func contributors(_ round: String) -> String { "/v1/rounds/\(round)/contributors" }
    /// The device's signature over the contributor set (`POST`, binary).
    public static func consistency(_ round: String) -> String { "/v1/rounds/\(round)/consistency" }
    /// The unmask request for the device (`GET`, binary) and its response (`POST`, binary).
    public static func unmask(_ round: String) -> String { "/v1/rounds/\(round)/unmask" }

    /// Liveness (`GET`, open).
    public static let health = "/healthz"
    /// Prometheus metrics (`GET`, open).
    public static let metrics = "/metrics"

    /// The admin API (bearer token).
    public enum Admin {
        /// Start a job (`POST`).
        public static let jobs = "/admin/v1/jobs"
        /// The running job, else the last one (`GET`).
        public static let currentJob = "/admin/v1/jobs/current"
        /// Create (`POST`) and list (`GET`) schedules.
        public static let schedules = "/admin/v1/schedules"
        /// Cancel a schedule (`POST`).
        public static func cancelSchedule(_ id: String) -> String { "/admin/v1/schedules/\(id)/cancel" }
        /// Device counts, and devices eligible per purpose (`GET`).
        public static let devices = "/admin/v1/devices"
        /// Rounds so far (`GET`).
        public static let rounds = "/admin/v1/rounds"
        /// ε spent against the budget (`GET`).
        public static let privacy = "/admin/v1/privacy"
        /// The hash chains' health (`GET`).
        public static let integrity = "/admin/v1/integrity"
        /// The policy audit (`GET`).
        public static let audit = "/admin/v1/audit"
        /// One-time enrolment codes (`POST`).
        public static let enrolments = "/admin/v1/enrolments"
        /// A data subject's export (`POST`).
        public static let exportSubject = "/admin/v1/subjects/export"
        /// A data subject's erasure (`POST`).
        public static let eraseSubject = "/admin/v1/subjects/erase"
        /// Consent recorded by an admin (`POST`).
        public static let consent = "/admin/v1/consent"
        /// A subject's consent history (`POST`).
        public static let consentShow = "/admin/v1/consent/show"
    }
}
