import Foundation

/// A line chart drawn as self-contained SVG: no scripts, no fonts or styles fetched from
/// anywhere, a `<title>` and `<desc>` for screen readers, and colours that keep a 4.5:1
/// contrast on white. Lines can be dashed, so series stay distinguishable in grey print.
public struct LineChart: Sendable {
    /// One series: a line through its points, or a horizontal reference line.
    public struct Series: Sendable {
        /// The name in the legend.
        public var name: String
        /// (x, y) points, drawn in x order; a single point with `reference` draws a level.
        public var points: [(x: Double, y: Double)]
        /// Draws the series dashed (baselines and references).
        public var dashed: Bool
        /// A horizontal line at this y across the whole plot, instead of points.
        public var level: Double?

        /// A line through `points`.
        public init(name: String, points: [(x: Double, y: Double)], dashed: Bool = false) {
            self.name = name
            self.points = points
            self.dashed = dashed
        }

        /// A dashed horizontal reference line at `level`.
        public init(name: String, level: Double) {
            self.name = name
            points = []
            dashed = true
            self.level = level
        }
    }

    /// How the x axis maps values.
    public enum Scale: Sendable { case linear, logarithmic }

    public var title: String
    /// A sentence describing what the chart shows, for screen readers.
    public var summary: String
    public var xLabel: String
    public var yLabel: String
    public var xScale: Scale = .linear
    /// Tick positions on x with their labels (e.g. ε values, or "none" for no noise).
    public var xTicks: [(value: Double, label: String)] = []
    public var series: [Series] = []
    public var width = 640.0
    public var height = 400.0

    /// Colour-blind-safe colours (Okabe–Ito, darkened where needed for contrast on white).
    static let palette = ["#0b5fa5", "#b35900", "#00795c", "#a4287a", "#6b5d00", "#3d3d3d"]

    public init(title: String, summary: String, xLabel: String, yLabel: String) {
        self.title = title
        self.summary = summary
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// The SVG document.
    public func svg(id: String = "chart") -> String {
        let margin = (left: 64.0, right: 24.0, top: 40.0, bottom: 56.0)
        let legendHeight = 18.0 * Double(series.count)
        let plot = (x: margin.left, y: margin.top, width: width - margin.left - margin.right,
                    height: height - margin.top - margin.bottom - legendHeight)
        let xs = series.flatMap { $0.points.map(\.x) } + xTicks.map(\.value)
        let ys = series.flatMap { $0.points.map(\.y) + ($0.level.map { [$0] } ?? []) }
        guard let xMin = xs.min(), let xMax = xs.max(), let yLow = ys.min(), let yHigh = ys.max() else {
            return "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"><title>\(Self.escape(title))</title></svg>"
        }
        // A little room above and below, so no marker sits on the frame.
        let pad = 0.03 * max(yHigh - yLow, 1e-9)
        let yTicks = Self.niceTicks(low: yLow - pad, high: yHigh + pad)
        let yMin = yTicks.first!, yMax = yTicks.last!
        // Points keep 5 % of the width from either edge, so end labels and markers stay inside.
        func px(_ x: Double) -> Double {
            let (a, b, v) = xScale == .logarithmic ? (log2(xMin), log2(xMax), log2(x)) : (xMin, xMax, x)
            return plot.x + plot.width * (0.05 + 0.9 * (b > a ? (v - a) / (b - a) : 0.5))
        }
        func py(_ y: Double) -> Double { plot.y + plot.height - (y - yMin) / (yMax - yMin) * plot.height }
        func f(_ v: Double) -> String { String(Double(Int((v * 10).rounded())) / 10) }

        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(f(width)) \(f(height))" width="\(f(width))" height="\(f(height))" \
            role="img" aria-labelledby="\(id)-title \(id)-desc" font-family="sans-serif" font-size="13">
            <title id="\(id)-title">\(Self.escape(title))</title>
            <desc id="\(id)-desc">\(Self.escape(summary))</desc>
            <rect width="100%" height="100%" fill="#ffffff"/>
            <text x="\(f(width / 2))" y="22" text-anchor="middle" font-size="15" font-weight="bold" fill="#1a1a1a">\(Self.escape(title))</text>

            """
        for tick in yTicks {
            out += "<line x1=\"\(f(plot.x))\" x2=\"\(f(plot.x + plot.width))\" y1=\"\(f(py(tick)))\" y2=\"\(f(py(tick)))\" stroke=\"#d9d9d9\"/>\n"
            out += "<text x=\"\(f(plot.x - 6))\" y=\"\(f(py(tick) + 4))\" text-anchor=\"end\" fill=\"#1a1a1a\">\(Self.label(tick, step: yTicks.count > 1 ? yTicks[1] - yTicks[0] : 1))</text>\n"
        }
        for tick in xTicks {
            out += "<line x1=\"\(f(px(tick.value)))\" x2=\"\(f(px(tick.value)))\" y1=\"\(f(plot.y + plot.height))\" y2=\"\(f(plot.y + plot.height + 5))\" stroke=\"#1a1a1a\"/>\n"
            out += "<text x=\"\(f(px(tick.value)))\" y=\"\(f(plot.y + plot.height + 20))\" text-anchor=\"middle\" fill=\"#1a1a1a\">\(Self.escape(tick.label))</text>\n"
        }
        out += "<rect x=\"\(f(plot.x))\" y=\"\(f(plot.y))\" width=\"\(f(plot.width))\" height=\"\(f(plot.height))\" fill=\"none\" stroke=\"#1a1a1a\"/>\n"
        out += "<text x=\"\(f(plot.x + plot.width / 2))\" y=\"\(f(plot.y + plot.height + 40))\" text-anchor=\"middle\" fill=\"#1a1a1a\">\(Self.escape(xLabel))</text>\n"
        out += "<text transform=\"translate(16 \(f(plot.y + plot.height / 2))) rotate(-90)\" text-anchor=\"middle\" fill=\"#1a1a1a\">\(Self.escape(yLabel))</text>\n"
        for (index, line) in series.enumerated() {
            let colour = Self.palette[index % Self.palette.count]
            let dash = line.dashed ? " stroke-dasharray=\"6 4\"" : ""
            if let level = line.level {
                out += "<line x1=\"\(f(plot.x))\" x2=\"\(f(plot.x + plot.width))\" y1=\"\(f(py(level)))\" y2=\"\(f(py(level)))\" stroke=\"\(colour)\" stroke-width=\"2\"\(dash)/>\n"
            } else {
                let points = line.points.sorted { $0.x < $1.x }.map { "\(f(px($0.x))),\(f(py($0.y)))" }
                out += "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"\(dash)/>\n"
                for point in line.points {
                    out += "<circle cx=\"\(f(px(point.x)))\" cy=\"\(f(py(point.y)))\" r=\"3.5\" fill=\"\(colour)\"/>\n"
                }
            }
            let y = height - legendHeight - 4 + 18 * Double(index)
            out += "<line x1=\"\(f(plot.x))\" x2=\"\(f(plot.x + 28))\" y1=\"\(f(y))\" y2=\"\(f(y))\" stroke=\"\(colour)\" stroke-width=\"2\"\(dash)/>\n"
            out += "<text x=\"\(f(plot.x + 36))\" y=\"\(f(y + 4))\" fill=\"#1a1a1a\">\(Self.escape(line.name))</text>\n"
        }
        return out + "</svg>\n"
    }

    /// About five round tick values covering [low, high] (steps of 1, 2 or 5 times a power of ten).
    static func niceTicks(low: Double, high: Double) -> [Double] {
        let span = high > low ? high - low : max(abs(high), 1) * 0.1
        let raw = span / 5
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let first = floor(low / step) * step
        let last = ceil(high / step) * step
        let count = Int(((last - first) / step).rounded())
        return (0...max(count, 1)).map { first + Double($0) * step }
    }

    /// A tick label with as many decimals as the step needs.
    static func label(_ value: Double, step: Double) -> String {
        let decimals = max(0, Int(ceil(-log10(step) - 1e-9)))
        var text = String(Int((value * pow(10, Double(decimals))).rounded()))
        guard decimals > 0 else { return text }
        let negative = text.hasPrefix("-")
        if negative { text.removeFirst() }
        while text.count <= decimals { text = "0" + text }
        text.insert(".", at: text.index(text.endIndex, offsetBy: -decimals))
        return (negative ? "-" : "") + text
    }

    static func escape(_ text: String) -> String { HTMLText.escape(text) }
}
