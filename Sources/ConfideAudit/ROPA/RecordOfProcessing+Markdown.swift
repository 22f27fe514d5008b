import Foundation

extension RecordOfProcessing {
    /// The record as a Markdown document: the controller, then one section per activity.
    public func markdown() -> String {
        var lines = [
            "# Record of processing activities",
            "",
            "GDPR Art. 30(1). Generated from policy version \(policyVersion) (\(policyFiles.map { "`\($0)`" }.joined(separator: ", "))).",
            "",
            "## Controller",
            "",
            "| | |",
            "|---|---|",
            "| Name | \(cell(controller.name)) |",
            "| Contact | \(cell(controller.contact)) |",
        ]
        if let address = controller.address { lines.append("| Address | \(cell(address)) |") }
        lines.append("| Data protection officer | \(cell(controller.dataProtectionOfficer ?? "not designated")) |")
        for activity in activities {
            lines += ["", "## Purpose: \(activity.purpose)", "", activity.description, "", "| | |", "|---|---|"]
            lines.append("| Lawful basis | \(activity.lawfulBasis) (\(activity.lawfulBasisArticle)) |")
            lines.append("| Categories of data subjects | \(cell(list(activity.subjectCategories))) |")
            lines.append("| Categories of personal data | \(cell(list(activity.dataCategories))) |")
            lines.append("| Recipients | \(cell(list(activity.recipients.map { recipient(($0)) }))) |")
            let transfers = activity.transfers.map { "\($0.recipient) in \($0.destination): \($0.safeguards ?? "NO SAFEGUARDS STATED")" }
            lines.append("| Transfers to third countries | \(cell(transfers.isEmpty ? "none" : transfers.joined(separator: "; "))) |")
            lines.append("| Retention | \(activity.retentionDays) days from storage |")
            lines.append("| Federated training tasks | \(activity.trainingTasks.isEmpty ? "none" : activity.trainingTasks.joined(separator: ", ")) |")
            lines.append("| Declared at | `\(activity.declaredAt)` |")
            if !activity.sources.isEmpty {
                lines += ["", "Data held for this purpose:", ""]
                for source in activity.sources {
                    lines.append("- **\(source.kind)**: \(source.description) Source: \(source.source). Fields: \(source.fields.joined(separator: "; ")).")
                }
            }
        }
        lines += ["", "## Data-subject requests", ""]
        lines += requestDeadlines.keys.sorted().map { "- \($0): answered within \(requestDeadlines[$0]!) days" }
        lines += ["", "## Technical and organisational security measures (Art. 32)", ""]
        lines += securityMeasures.map { "- \($0)" }
        return lines.joined(separator: "\n") + "\n"
    }

    private func recipient(_ entry: RecipientEntry) -> String {
        let role = entry.role == "third_party" ? "third party" : entry.role
        return "\(entry.name) (\(role)\(entry.location.map { ", \($0)" } ?? ""))"
    }

    private func list(_ items: [String]) -> String {
        items.isEmpty ? "none stated" : items.joined(separator: "; ")
    }

    /// Text safe inside a Markdown table cell.
    private func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
