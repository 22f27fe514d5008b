import Prometheus

/// The coordinator's Prometheus metrics, kept in a registry owned by one coordinator
/// (not a process-wide bootstrap), so several coordinators can run in one test process.
public struct CoordinatorMetrics: Sendable {
    /// The registry rendered at `/metrics`.
    public let registry: PrometheusCollectorRegistry

    /// A fresh registry.
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
    }

    private static func name(_ metric: String, unit: String, help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "confide", metricName: metric, unitName: unit, helpText: help)
    }

    private static var requests: MetricNameDescriptor { name("http_requests", unit: "total", help: "HTTP requests handled, by route and status class") }
    private static var errors: MetricNameDescriptor { name("http_errors", unit: "total", help: "HTTP requests answered with an error status") }
    private static var rounds: MetricNameDescriptor { name("rounds", unit: "total", help: "Training rounds finished, by task and outcome") }
    private static var stages: MetricNameDescriptor { name("stage_duration", unit: "seconds", help: "Duration of secure aggregation stages") }
    private static var dropped: MetricNameDescriptor { name("dropouts", unit: "total", help: "Devices that dropped out of a round, by stage") }
    private static let stageBuckets: [Duration] = [
        .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .seconds(2), .seconds(5), .seconds(10), .seconds(30), .seconds(60),
    ]

    /// Counts a handled request by route and status class.
    func request(route: String, status: Int) {
        registry.makeCounter(descriptor: Self.requests, labels: [("route", route), ("status", "\(status / 100)xx")]).increment()
        if status >= 400 {
            registry.makeCounter(descriptor: Self.errors, labels: [("route", route), ("status", "\(status)")]).increment()
        }
    }

    /// Counts a finished round by task and outcome (`completed` or `aborted`).
    func round(task: String, outcome: String) {
        registry.makeCounter(descriptor: Self.rounds, labels: [("task", task), ("outcome", outcome)]).increment()
    }

    /// Records how long a secure-aggregation stage took.
    func stage(_ stage: String, task: String, duration: Duration) {
        registry.makeDurationHistogram(descriptor: Self.stages, labels: [("stage", stage), ("task", task)],
                                       buckets: Self.stageBuckets).record(duration)
    }

    /// Counts devices that dropped out of a round, by the stage they missed.
    func dropouts(_ count: Int, stage: String, task: String) {
        guard count > 0 else { return }
        registry.makeCounter(descriptor: Self.dropped, labels: [("stage", stage), ("task", task)]).increment(by: Int64(count))
    }

    /// The Prometheus text exposition of every metric.
    func render() -> [UInt8] {
        registry.emitToBuffer()
    }
}
