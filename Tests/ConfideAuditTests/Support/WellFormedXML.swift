import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Checks that the HTML report is well-formed XML: every element closed, every entity known,
/// nothing an XML parser (and so any careful HTML reader) would stumble on.
enum WellFormedXML {
    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    /// The names of the elements in `document`, in order; throws if it is not well-formed.
    @discardableResult
    static func check(_ document: String) throws -> [String] {
        let collector = ElementCollector()
        let parser = XMLParser(data: Data(document.utf8))
        parser.delegate = collector
        guard parser.parse() else {
            throw Malformed(description: "not well-formed at line \(parser.lineNumber), column \(parser.columnNumber): \(parser.parserError.map { "\($0)" } ?? "unknown error")")
        }
        return collector.elements
    }

    private final class ElementCollector: NSObject, XMLParserDelegate {
        var elements: [String] = []

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            elements.append(elementName)
        }
    }
}

/// Text as the HTML renderer escapes it.
func escapedForHTML(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        .replacingOccurrences(of: "'", with: "&#39;")
}
