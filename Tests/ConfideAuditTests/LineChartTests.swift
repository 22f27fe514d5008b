@testable import ConfideAudit
import Foundation
import Testing

@Suite("Line charts are well-formed, accessible SVG")
struct LineChartTests {
    @Test("The SVG parses as XML, names itself for screen readers and escapes text")
    func wellFormed() throws {
        var chart = LineChart(title: "RMSE <by> ε", summary: "Held-out RMSE & ε", xLabel: "ε", yLabel: "RMSE")
        chart.xScale = .logarithmic
        chart.xTicks = [(1, "1"), (2, "2"), (4, "4"), (8, "8"), (16, "16"), (32, "none")]
        chart.series = [
            .init(name: "DP-ALS", points: [(1, 1.05), (2, 1.0), (4, 0.97), (8, 0.95), (16, 0.94), (32, 0.93)]),
            .init(name: "centralized \"SGD\"", level: 0.93),
        ]
        let svg = chart.svg(id: "rmse")
        let elements = try WellFormedXML.check(svg)
        #expect(elements.first == "svg" && svg.contains("role=\"img\"") && svg.contains("aria-labelledby=\"rmse-title rmse-desc\""))
        #expect(svg.contains("<title id=\"rmse-title\">RMSE &lt;by&gt; ε</title>"))
        #expect(elements.filter { $0 == "polyline" }.count == 1 && elements.filter { $0 == "circle" }.count == 6)
        #expect(svg.contains("centralized &quot;SGD&quot;"))
        #expect(!svg.contains("<script") && !svg.contains("href"), "the chart must not load anything")
    }

    @Test("Ticks are round numbers that cover the data, labelled with the decimals their step needs")
    func ticks() {
        let ticks = LineChart.niceTicks(low: 0.912, high: 1.124)
        #expect(ticks.first! <= 0.912 && ticks.last! >= 1.124 && (4...7).contains(ticks.count))
        #expect(LineChart.label(0.95, step: 0.05) == "0.95" && LineChart.label(1, step: 0.5) == "1.0"
                && LineChart.label(20, step: 10) == "20" && LineChart.label(-0.25, step: 0.05) == "-0.25")
    }
}
