/// One versioned schema change. Shipped migrations are never edited: changes come as new
/// migrations with higher versions.
struct Migration: Sendable {
    /// The schema version this migration brings the database to.
    let version: Int64
    /// What it does, recorded in `confide_migrations`.
    let name: String
    /// The statements, given the backend's name for binary columns.
    let statements: @Sendable (_ blob: String) -> [String]

    /// Every migration, in order.
    static let all: [Migration] = [initialSchema, roundPrivacy, enrolments, roundCharge, durableJobs, schedules]

    /// Version 6: job schedules, so retraining runs at set times without an operator.
    static let schedules = Migration(version: 6, name: "job schedules") { blob in
        [
            """
            CREATE TABLE schedules (
                id TEXT PRIMARY KEY, specification \(blob) NOT NULL, state TEXT NOT NULL, next_at BIGINT,
                every_ms BIGINT, runs BIGINT NOT NULL, last_job_id TEXT, last_error TEXT, created_at BIGINT NOT NULL)
            """,
        ]
    }

    /// Version 5: training jobs, so a restarted coordinator continues them. Each round names
    /// its job and, once completed, keeps the sum it released: replaying those sums through
    /// the job's seeded code rebuilds the model it had reached. `sampled_size` keeps the
    /// cohort a round began with (`cohort_size` becomes its contributors once completed).
    static let durableJobs = Migration(version: 5, name: "durable jobs") { blob in
        [
            """
            CREATE TABLE jobs (
                id TEXT PRIMARY KEY, task TEXT NOT NULL, state TEXT NOT NULL, specification \(blob) NOT NULL,
                started_at BIGINT NOT NULL, finished_at BIGINT, reason TEXT)
            """,
            "CREATE INDEX jobs_by_state ON jobs (state)",
            "ALTER TABLE rounds ADD COLUMN job_id TEXT",
            "ALTER TABLE rounds ADD COLUMN released_sum \(blob)",
            "ALTER TABLE rounds ADD COLUMN sampled_size BIGINT",
            "CREATE INDEX rounds_by_job ON rounds (job_id)",
        ]
    }

    /// Version 4: when a round's ε was charged, which happens before its sum is unmasked,
    /// so that a round aborted (or interrupted) after that still counts against the budget.
    static let roundCharge = Migration(version: 4, name: "round charge") { _ in
        ["ALTER TABLE rounds ADD COLUMN charged_at BIGINT"]
    }

    /// Version 3: one-time enrolment codes, stored only as hashes; a device registers with
    /// one and its subject comes from the code.
    static let enrolments = Migration(version: 3, name: "enrolment codes") { blob in
        [
            """
            CREATE TABLE enrolments (
                code_hash \(blob) PRIMARY KEY, subject TEXT NOT NULL, created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL, used_at BIGINT, device_id TEXT)
            """,
            "CREATE INDEX enrolments_by_subject ON enrolments (subject)",
        ]
    }

    /// Version 2: each round's noise multiplier σ and sampling rate q, so a restarted
    /// coordinator can rebuild its privacy accountant from the rounds it completed.
    static let roundPrivacy = Migration(version: 2, name: "round noise and sampling") { _ in
        [
            "ALTER TABLE rounds ADD COLUMN noise_multiplier DOUBLE PRECISION",
            "ALTER TABLE rounds ADD COLUMN sampling_rate DOUBLE PRECISION",
        ]
    }

    /// Version 1: subjects' keys and records, the consent ledger, the audit log, requests and
    /// tombstones, and the coordinator's devices, rounds, participations and model versions.
    static let initialSchema = Migration(version: 1, name: "initial schema") { blob in
        [
            """
            CREATE TABLE subject_keys (
                subject TEXT PRIMARY KEY, wrapped_key \(blob) NOT NULL, created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE records (
                id TEXT PRIMARY KEY, subject TEXT NOT NULL, kind TEXT NOT NULL, fields TEXT NOT NULL,
                payload \(blob) NOT NULL, created_at BIGINT NOT NULL, policy_version TEXT NOT NULL)
            """,
            "CREATE INDEX records_by_subject ON records (subject)",
            "CREATE INDEX records_by_kind_and_age ON records (kind, created_at)",
            """
            CREATE TABLE chain_heads (
                chain TEXT PRIMARY KEY, seq BIGINT NOT NULL, head_hash \(blob) NOT NULL)
            """,
            """
            CREATE TABLE consent_ledger (
                seq BIGINT PRIMARY KEY, prev_hash \(blob) NOT NULL, payload_hash \(blob) NOT NULL,
                entry_hash \(blob) NOT NULL, signature \(blob) NOT NULL, salt \(blob),
                subject TEXT, purpose TEXT, action TEXT, policy_version TEXT, notice_hash TEXT,
                channel TEXT, method TEXT, recorded_at BIGINT, expires_at BIGINT, redacted_at BIGINT)
            """,
            "CREATE INDEX consent_by_subject ON consent_ledger (subject, purpose, recorded_at)",
            """
            CREATE TABLE audit_log (
                seq BIGINT PRIMARY KEY, prev_hash \(blob) NOT NULL, payload_hash \(blob) NOT NULL,
                entry_hash \(blob) NOT NULL, signature \(blob) NOT NULL, salt \(blob),
                recorded_at BIGINT, actor TEXT, action TEXT, subject TEXT, details TEXT, redacted_at BIGINT)
            """,
            "CREATE INDEX audit_by_subject ON audit_log (subject)",
            """
            CREATE TABLE requests (
                id TEXT PRIMARY KEY, subject TEXT, kind TEXT NOT NULL, status TEXT NOT NULL,
                received_at BIGINT NOT NULL, due_at BIGINT NOT NULL, completed_at BIGINT, tombstone_id TEXT)
            """,
            "CREATE INDEX requests_by_subject ON requests (subject)",
            """
            CREATE TABLE tombstones (
                id TEXT PRIMARY KEY, request_id TEXT NOT NULL, received_at BIGINT NOT NULL, erased_at BIGINT NOT NULL,
                check_salt \(blob) NOT NULL, check_hash \(blob) NOT NULL, counts TEXT NOT NULL,
                policy_version TEXT NOT NULL, signature \(blob) NOT NULL)
            """,
            """
            CREATE TABLE devices (
                device_id TEXT PRIMARY KEY, subject TEXT, public_key \(blob), registered_at BIGINT NOT NULL,
                status TEXT NOT NULL, wipe_requested_at BIGINT, wipe_confirmed_at BIGINT)
            """,
            "CREATE INDEX devices_by_subject ON devices (subject)",
            """
            CREATE TABLE rounds (
                id TEXT PRIMARY KEY, task TEXT NOT NULL, purpose TEXT NOT NULL, state TEXT NOT NULL,
                stage TEXT, cohort_size BIGINT NOT NULL, base_version BIGINT, model_version BIGINT,
                epsilon DOUBLE PRECISION, started_at BIGINT NOT NULL, finished_at BIGINT, reason TEXT, checkpoint \(blob))
            """,
            "CREATE INDEX rounds_by_state ON rounds (state)",
            """
            CREATE TABLE participations (
                round_id TEXT NOT NULL, device_id TEXT NOT NULL, subject TEXT NOT NULL, purpose TEXT NOT NULL,
                task TEXT NOT NULL, model_version BIGINT NOT NULL, epsilon DOUBLE PRECISION NOT NULL,
                recorded_at BIGINT NOT NULL, PRIMARY KEY (round_id, device_id))
            """,
            "CREATE INDEX participations_by_subject ON participations (subject)",
            """
            CREATE TABLE model_versions (
                task TEXT NOT NULL, version BIGINT NOT NULL, round_id TEXT, created_at BIGINT NOT NULL,
                parameters \(blob) NOT NULL, signature \(blob) NOT NULL, PRIMARY KEY (task, version))
            """,
        ]
    }
}
