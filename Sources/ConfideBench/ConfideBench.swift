import ArgumentParser

/// `confide-bench`: Confide's benchmarks. Each subcommand prints `name: value` lines and
/// ends with `correct: true` or `correct: false` from the run's own checks (`dp-sample`
/// instead prints its samples, one per line).
@main
struct ConfideBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "confide-bench",
        abstract: "Benchmarks for Confide's cryptography, aggregation and learning.",
        subcommands: [CryptoBench.self, KMeansBench.self, MFBench.self, SecAggBench.self, DPEpsilonBench.self, DPSampleBench.self,
                      StoreBench.self, AuditBench.self]
    )
}
