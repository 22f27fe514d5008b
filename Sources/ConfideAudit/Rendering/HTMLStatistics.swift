import Foundation

/// The statistics sections of the HTML report: consent per purpose with a chart over time,
/// request turnaround and the privacy budget. Charts are inline SVG.
struct HTMLStatistics {
    let statistics: AuditStatistics

    func render() -> String {
        [consent(), requests(), budget()].joined(separator: "\n")
    }

    private func consent() -> String {
        let rows = statistics.consent.map { purpose in
            [purpose.purpose, String(purpose.grantedNow), String(purpose.withdrawnNow), String(purpose.expiredNow),
             String(purpose.subjects), String(purpose.grants), String(purpose.withdrawals)]
        }
        var parts = ["<section id=\"consent\">", "<h2>Consent by purpose</h2>",
                     HTMLText.table(header: ["Purpose", "Granted now", "Withdrawn", "Expired", "Subjects", "Grants", "Withdrawals"],
                                    rows: rows, numeric: [1, 2, 3, 4, 5, 6])]
        for purpose in statistics.consent where !purpose.timeline.isEmpty {
            parts.append("<h3>\(HTMLText.escape(purpose.purpose)): subjects granted at the end of each \(purpose.period)</h3>")
            parts.append(chart(purpose))
        }
        parts.append("</section>")
        return parts.joined(separator: "\n")
    }

    /// Bars of subjects granted per period, with grants and withdrawals in the period as thin bars beside them.
    private func chart(_ purpose: AuditStatistics.PurposeConsent) -> String {
        let points = purpose.timeline
        let width = 760.0, height = 160.0, left = 40.0, bottom = 20.0, top = 10.0
        let peak = max(1, points.map { max($0.granted, $0.grants, $0.withdrawals) }.max() ?? 1)
        let slot = (width - left) / Double(points.count)
        let barWidth = max(1, slot * 0.55), thinWidth = max(0.5, slot * 0.15)
        func y(_ value: Int) -> Double { top + (height - top - bottom) * (1 - Double(value) / Double(peak)) }
        func number(_ value: Double) -> String { Figures.decimal(value, places: 1) }
        var shapes: [String] = []
        for (index, point) in points.enumerated() {
            let x = left + Double(index) * slot
            let label = "\(Figures.day(point.start)): \(point.granted) granted, \(point.grants) grants, \(point.withdrawals) withdrawals"
            shapes.append("<g><title>\(HTMLText.escape(label))</title>"
                + "<rect x=\"\(number(x))\" y=\"\(number(y(point.granted)))\" width=\"\(number(barWidth))\" "
                + "height=\"\(number(height - bottom - y(point.granted)))\" fill=\"#4a7fb0\"/>"
                + "<rect x=\"\(number(x + barWidth))\" y=\"\(number(y(point.grants)))\" width=\"\(number(thinWidth))\" "
                + "height=\"\(number(height - bottom - y(point.grants)))\" fill=\"#2f7d32\"/>"
                + "<rect x=\"\(number(x + barWidth + thinWidth))\" y=\"\(number(y(point.withdrawals)))\" width=\"\(number(thinWidth))\" "
                + "height=\"\(number(height - bottom - y(point.withdrawals)))\" fill=\"#c0392b\"/></g>")
        }
        let first = Figures.day(points.first!.start), last = Figures.day(points.last!.start)
        return """
            <svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" \
            aria-label="\(HTMLText.escape("Consent for \(purpose.purpose) over time"))">
            <line x1="\(Int(left))" y1="\(Int(height - bottom))" x2="\(Int(width))" y2="\(Int(height - bottom))" stroke="#d5dbe0"/>
            <text x="0" y="\(Int(top) + 4)">\(peak)</text><text x="0" y="\(Int(height - bottom))">0</text>
            \(shapes.joined(separator: "\n"))
            <text x="\(Int(left))" y="\(Int(height) - 4)">\(HTMLText.escape(first))</text>
            <text x="\(Int(width))" y="\(Int(height) - 4)" text-anchor="end">\(HTMLText.escape(last))</text>
            </svg>
            <p class="muted">Blue: subjects granted at the end of the \(purpose.period); green: grants in it; red: withdrawals in it.</p>
            """
    }

    private func requests() -> String {
        let rows = statistics.requests.map { kind in
            [kind.kind, String(kind.received), String(kind.completed), String(kind.open), String(kind.overdue),
             String(kind.completedLate), kind.medianDays.map(Figures.days) ?? "\u{2013}",
             kind.maximumDays.map(Figures.days) ?? "\u{2013}", Figures.days(Double(kind.dueDays))]
        }
        return """
            <section id="requests">
            <h2>Data-subject requests</h2>
            \(HTMLText.table(header: ["Kind", "Received", "Completed", "Open", "Overdue", "Completed late", "Median turnaround",
                                      "Longest turnaround", "Due within"], rows: rows, numeric: [1, 2, 3, 4, 5, 6, 7, 8]))
            </section>
            """
    }

    private func recomputed(_ budget: AuditStatistics.PrivacyBudget) -> String {
        guard let pld = budget.recomputedPLD, let rdp = budget.recomputedRDP else { return "" }
        return " Recomputed from the rounds' recorded noise: \u{03B5} = \(Figures.decimal(pld)) by privacy loss distributions, \(Figures.decimal(rdp)) by the R\u{00E9}nyi DP bound."
    }

    private func budget() -> String {
        let budget = statistics.privacyBudget
        let share = budget.budget > 0 ? budget.spent / budget.budget : 0
        let percent = Figures.decimal(min(1, share) * 100, places: 1)
        let rows = budget.purposes.map { [$0.purpose, String($0.rounds), Figures.decimal($0.epsilon)] }
        return """
            <section id="privacy-budget">
            <h2>Privacy budget</h2>
            <p>Charged rounds spent <strong>\u{03B5} = \(Figures.decimal(budget.spent))</strong> of a budget of \
            \(Figures.decimal(budget.budget)) (\u{03B4} = \(budget.delta)); \(Figures.decimal(budget.remaining)) remains.\(recomputed(budget))</p>
            <div class="meter"><span\(share > 1 ? " class=\"over\"" : "") style="width: \(percent)%"></span></div>
            \(HTMLText.table(header: ["Purpose", "Completed rounds", "\u{03B5} spent"], rows: rows, numeric: [1, 2]))
            </section>
            """
    }
}
