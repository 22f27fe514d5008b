import Foundation

/// Renders an audit report as aligned plain text for a terminal, with ANSI colour when asked.
///
/// Pseudonyms are shortened to their first 12 hex digits and lists to their first few
/// entries; the JSON and HTML reports carry them in full.
public struct TextReportRenderer: Sendable {
    /// Whether to colour severities and the result (use only when writing to a terminal).
    public var colour: Bool
    /// The widest a line of prose may be, in characters (default 100).
    public var width: Int

    /// A renderer; `colour` defaults to off.
    public init(colour: Bool = false, width: Int = 100) {
        self.colour = colour
        self.width = width
    }

    /// The report as text, ending with a newline.
    public func render(_ report: AuditReport) -> String {
        var lines: [String] = []
        lines += header(report)
        lines += ["", bold("Checks")]
        var checks = TextTable(header: ["CHECK", "FINDINGS", "READ"])
        for check in report.checks {
            let read = check.reads.map { "\($0.source): \($0.count)" }.joined(separator: ", ")
            checks.add([check.title, check.passed ? paint("0", .green) : paint(String(check.findings), .red), read])
        }
        lines += checks.lines()
        lines += ["", bold("Findings")]
        if report.findings.isEmpty { lines.append("  none: every check above passed") }
        for finding in report.findings { lines += self.finding(finding) }
        lines += statistics(report.statistics)
        return lines.joined(separator: "\n") + "\n"
    }

    private func header(_ report: AuditReport) -> [String] {
        let totals = report.totals
        let counts = Severity.allCases.compactMap { severity -> String? in
            let count = report.findings(severity).count
            return count == 0 ? nil : paint("\(count) \(severity.rawValue)", color(severity))
        }
        let result = report.clean ? paint("clean: no findings", .green)
            : "\(Figures.count(totals.findings, "finding")): " + counts.joined(separator: ", ")
        var table = TextTable(header: ["controller", report.policy.controller])
        table.add(["policy", "version \(report.policy.version) (\(report.policy.files.joined(separator: ", ")))"])
        table.add(["store", report.store])
        table.add(["judged at", Figures.time(report.auditedAt)])
        table.add(["result", result])
        return [bold("Confide policy audit")] + table.lines()
    }

    private func finding(_ finding: AuditFinding) -> [String] {
        let indent = String(repeating: " ", count: 12)
        var lines = [""]
        let label = finding.severity.rawValue.uppercased().padding(toLength: 10, withPad: " ", startingAt: 0)
        lines.append("  " + paint(label, color(finding.severity)) + bold(finding.code.rawValue) + "  " + finding.title)
        lines += TextWrap.lines(finding.message, width: width - indent.count).map { indent + $0 }
        let affected = finding.affected
        var what = Figures.rows(affected.count, affected.unit)
        if affected.subjectCount > 0 {
            let shown = affected.subjects.prefix(3).map { String($0.value.prefix(12)) + "…" }
            let more = affected.subjectCount > shown.count ? " and \(affected.subjectCount - shown.count) more" : ""
            what += " of \(Figures.count(affected.subjectCount, "subject")): " + shown.joined(separator: ", ") + more
        }
        var details = TextTable(header: ["clause", "\(finding.clause.file):\(finding.clause.line)  \(finding.clause.path) (\(finding.clause.text))"])
        if affected.count > 0 { details.add(["affected", what]) }
        lines += details.lines(indent: indent)
        let remedyIndent = indent + String(repeating: " ", count: 10)
        for (index, line) in TextWrap.lines(finding.remedy, width: width - remedyIndent.count).enumerated() {
            lines.append((index == 0 ? indent + "remedy    " : remedyIndent) + line)
        }
        return lines
    }

    private func statistics(_ statistics: AuditStatistics) -> [String] {
        var lines = ["", bold("Consent by purpose")]
        var consent = TextTable(header: ["PURPOSE", "GRANTED NOW", "WITHDRAWN", "EXPIRED", "SUBJECTS", "GRANTS", "WITHDRAWALS"])
        for purpose in statistics.consent {
            consent.add([purpose.purpose, String(purpose.grantedNow), String(purpose.withdrawnNow), String(purpose.expiredNow),
                         String(purpose.subjects), String(purpose.grants), String(purpose.withdrawals)])
        }
        lines += consent.lines()
        lines += ["", bold("Data-subject requests")]
        var requests = TextTable(header: ["KIND", "RECEIVED", "COMPLETED", "OPEN", "OVERDUE", "LATE", "MEDIAN", "LONGEST", "DUE IN"])
        for kind in statistics.requests {
            requests.add([kind.kind, String(kind.received), String(kind.completed), String(kind.open), String(kind.overdue),
                          String(kind.completedLate), kind.medianDays.map(Figures.days) ?? "-", kind.maximumDays.map(Figures.days) ?? "-",
                          Figures.days(Double(kind.dueDays))])
        }
        lines += requests.lines()
        let budget = statistics.privacyBudget
        lines += ["", bold("Privacy budget") + "  ε \(Figures.decimal(budget.spent)) of \(Figures.decimal(budget.budget)) spent, δ = \(budget.delta)"]
        if let pld = budget.recomputedPLD, let rdp = budget.recomputedRDP {
            lines.append("Recomputed from the rounds' noise: ε \(Figures.decimal(pld)) (privacy loss distributions), \(Figures.decimal(rdp)) (Rényi DP bound)")
        }
        var spend = TextTable(header: ["PURPOSE", "ROUNDS", "ε"])
        for purpose in budget.purposes { spend.add([purpose.purpose, String(purpose.rounds), Figures.decimal(purpose.epsilon)]) }
        lines += spend.lines()
        return lines
    }

    private enum Colour: String {
        case red = "31", green = "32", yellow = "33", cyan = "36", boldRed = "1;31"
    }

    private func color(_ severity: Severity) -> Colour {
        switch severity {
        case .critical: .boldRed
        case .high: .red
        case .medium: .yellow
        case .low: .cyan
        }
    }

    private func paint(_ text: String, _ colour: Colour) -> String {
        self.colour ? "\u{1B}[\(colour.rawValue)m\(text)\u{1B}[0m" : text
    }

    private func bold(_ text: String) -> String {
        colour ? "\u{1B}[1m\(text)\u{1B}[0m" : text
    }
}
