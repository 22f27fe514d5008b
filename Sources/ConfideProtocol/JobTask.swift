/// What a training job learns: the `task` of `POST /admin/v1/jobs` and of a job's status.
public enum JobTask: String, Codable, Sendable, CaseIterable {
    /// Segments (K-Means).
    case kmeans
    /// Recommendations (matrix factorization).
    case mf
    /// Item popularity for fallbacks (a DP histogram).
    case histogram

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let task = JobTask(rawValue: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "a job's task is 'kmeans', 'mf' or 'histogram', got '\(text.prefix(32))'")
        }
        self = task
    }
}

/// Where a job stands.
public enum JobState: String, Codable, Sendable, CaseIterable {
    /// Rounds are still to run.
    case running
    /// Every planned round ran (or the job converged early).
    case completed
    /// The job stopped before its end; the status says why.
    case failed
}
