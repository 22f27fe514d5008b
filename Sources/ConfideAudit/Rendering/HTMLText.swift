/// Escaping for HTML that is also well-formed XML, so any XML parser can read the report.
enum HTMLText {
    /// `text` with `&`, `<`, `>`, `"` and `'` escaped, usable in content and attribute values.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// An element with escaped text content: `<td class="n">3</td>`.
    static func element(_ name: String, _ text: String, class className: String? = nil) -> String {
        let attribute = className.map { " class=\"\(escape($0))\"" } ?? ""
        return "<\(name)\(attribute)>\(escape(text))</\(name)>"
    }

    /// A table with a header row and escaped cells; columns listed in `numeric` align right.
    static func table(header: [String], rows: [[String]], numeric: Set<Int> = [], class className: String? = nil) -> String {
        func row(_ cells: [String], _ tag: String) -> String {
            "<tr>" + cells.enumerated().map { element(tag, $1, class: numeric.contains($0) ? "n" : nil) }.joined() + "</tr>"
        }
        let attribute = className.map { " class=\"\($0)\"" } ?? ""
        return "<table\(attribute)><thead>\(row(header, "th"))</thead><tbody>\(rows.map { row($0, "td") }.joined(separator: "\n"))</tbody></table>"
    }
}
