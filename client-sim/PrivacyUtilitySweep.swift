import ConfideAudit
import Foundation

/// The figures of a privacy–utility sweep, per model and privacy level over seeds, and what
/// is made of them: medians, a Markdown table, `name: value` lines and a chart.
struct PrivacyUtilitySweep {
    /// A measured series.
    enum Measure: String, CaseIterable {
        case mfRMSE = "mf_rmse"
        case mfRMSEALS = "mf_rmse_als"
        case kmeansRatioMovieLens = "kmeans_ratio_movielens"
        case kmeansRatioSynthetic = "kmeans_ratio_synthetic"
    }

    /// A level-independent reference.
    enum Baseline: String, CaseIterable {
        case mfRMSECentralized = "mf_rmse_centralized"
        case mfRMSEGlobalMean = "mf_rmse_global_mean"
        case kmeansTrivialMovieLens = "kmeans_ratio_one_segment_movielens"
        case kmeansTrivialSynthetic = "kmeans_ratio_one_segment_synthetic"
    }

    let levels: [PrivacyLevel]
    private var values: [Measure: [PrivacyLevel: [Double]]] = [:]
    private var baselines: [Baseline: [Double]] = [:]

    init(levels: [PrivacyLevel]) { self.levels = levels }

    mutating func add(_ measure: Measure, _ level: PrivacyLevel, _ value: Double) {
        values[measure, default: [:]][level, default: []].append(value)
    }

    mutating func addBaseline(_ baseline: Baseline, _ value: Double) {
        baselines[baseline, default: []].append(value)
    }

    func median(_ measure: Measure, _ level: PrivacyLevel) -> Double? { Self.median(values[measure]?[level] ?? []) }
    func median(_ baseline: Baseline) -> Double? { Self.median(baselines[baseline] ?? []) }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// `name: value` figures: each measure at each level (`mf_rmse_eps_8`, `…_none`), the
    /// baselines, and the names the issue tracker reads (`kmeans_ratio_eps_4_movielens`).
    func figures() -> [(String, Double)] {
        var figures: [(String, Double)] = []
        for measure in Measure.allCases {
            for level in levels {
                guard let value = median(measure, level) else { continue }
                let suffix: String
                switch level {
                case .epsilon(let epsilon): suffix = "eps_\(epsilon.formatted())"
                case .none: suffix = "none"
                }
                // `kmeans_ratio_movielens` at ε 4 reads `kmeans_ratio_eps_4_movielens`.
                let name = measure == .mfRMSE ? "\(measure.rawValue)_\(suffix)"
                    : measure == .mfRMSEALS ? "mf_rmse_\(suffix)_als"
                    : measure.rawValue.replacingOccurrences(of: "kmeans_ratio_", with: "kmeans_ratio_\(suffix)_")
                figures.append((name, value))
            }
        }
        for baseline in Baseline.allCases { if let value = median(baseline) { figures.append((baseline.rawValue, value)) } }
        return figures
    }

    func markdownTable(command: String) -> String {
        func cell(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "–" }
        var lines = ["| ε | MF RMSE, gradient (MovieLens, the default) | MF RMSE, private ALS | K-Means inertia ÷ centralized (MovieLens, k 4) | (synthetic, k 5) |",
                     "|---|---|---|---|---|"]
        for level in levels {
            let name: String
            if case .epsilon(let epsilon) = level { name = epsilon.formatted() } else { name = "no noise" }
            lines.append("| \(name) | \(cell(median(.mfRMSE, level))) | \(cell(median(.mfRMSEALS, level))) | \(cell(median(.kmeansRatioMovieLens, level))) | \(cell(median(.kmeansRatioSynthetic, level))) |")
        }
        lines.append("| centralized | \(cell(median(.mfRMSECentralized))) | \(cell(median(.mfRMSECentralized))) | 1 | 1 |")
        lines.append("| trivial (global mean / one segment) | \(cell(median(.mfRMSEGlobalMean))) | \(cell(median(.mfRMSEGlobalMean))) | \(cell(median(.kmeansTrivialMovieLens))) | \(cell(median(.kmeansTrivialSynthetic))) |")
        return lines.joined(separator: "\n") + "\n\nMedians over seeds, made by `\(command)`.\n"
    }

    /// Two panels side by side in one SVG: RMSE against ε, inertia ratio against ε.
    func chart() -> String {
        let epsilons = levels.compactMap { level -> Double? in if case .epsilon(let value) = level { value } else { nil } }
        // "No noise" sits one doubling right of the largest ε.
        let noneX = (epsilons.max() ?? 1) * 2
        func x(_ level: PrivacyLevel) -> Double { if case .epsilon(let value) = level { value } else { noneX } }
        let ticks = epsilons.map { ($0, $0.formatted()) } + [(noneX, "no noise")]
        func points(_ measure: Measure) -> [(x: Double, y: Double)] {
            levels.compactMap { level in median(measure, level).map { (x(level), $0) } }
        }

        var rmse = LineChart(title: "Recommendations: held-out RMSE", summary: "Held-out RMSE of the federated recommendation model on MovieLens-100K against the ε it was given, with centralized training and the global mean as references; lower is better.",
                             xLabel: "ε (δ = 10⁻⁵), log scale", yLabel: "RMSE")
        rmse.xScale = .logarithmic
        rmse.height = 440
        rmse.xTicks = ticks
        rmse.series = [.init(name: "federated gradient (Adam), the default", points: points(.mfRMSE)),
                       .init(name: "federated private ALS", points: points(.mfRMSEALS))]
        if let value = median(.mfRMSECentralized) { rmse.series.append(.init(name: "centralized (no privacy)", level: value)) }
        if let value = median(.mfRMSEGlobalMean) { rmse.series.append(.init(name: "global mean (trivial)", level: value)) }

        var inertia = LineChart(title: "Segments: inertia ÷ centralized", summary: "K-Means inertia of the federated segments divided by centralized k-means++ inertia on the same points, against ε, for MovieLens users (k 4) and synthetic shoppers (k 5); 1 is centralized quality, lower is better.",
                                xLabel: "ε (δ = 10⁻⁵), log scale", yLabel: "inertia ÷ centralized")
        inertia.xScale = .logarithmic
        inertia.height = 440
        inertia.xTicks = ticks
        inertia.series = [.init(name: "MovieLens users, k 4", points: points(.kmeansRatioMovieLens))]
        if !points(.kmeansRatioSynthetic).isEmpty {
            inertia.series.append(.init(name: "synthetic shoppers, k 5", points: points(.kmeansRatioSynthetic)))
        }
        inertia.series.append(.init(name: "centralized k-means++", level: 1))
        if let value = median(.kmeansTrivialMovieLens) { inertia.series.append(.init(name: "one segment, MovieLens (trivial)", level: value)) }
        // Well-separated synthetic segments make one segment many times worse (7× on the
        // default data): drawn, that line would flatten every other one; the table has it.
        if let value = median(.kmeansTrivialSynthetic), value <= 2 {
            inertia.series.append(.init(name: "one segment, synthetic (trivial)", level: value))
        }

        let left = rmse.svg(id: "rmse"), right = inertia.svg(id: "inertia")
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(rmse.width + inertia.width)) \(Int(max(rmse.height, inertia.height)))" \
            width="\(Int(rmse.width + inertia.width))" height="\(Int(max(rmse.height, inertia.height)))">
            <g>\(left)</g>
            <g transform="translate(\(Int(rmse.width)) 0)">\(right)</g>
            </svg>

            """
    }
}
