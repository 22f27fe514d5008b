/// The stable identifier of a device (for example `device-0042`), as registered with the coordinator.
///
/// Identifiers are 1 to 255 bytes of UTF-8 without control characters, so they travel
/// in binary messages with a one-byte length and print safely in errors and logs.
public struct DeviceID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The identifier text.
    public let rawValue: String

    /// Validates and wraps an identifier.
    public init(_ rawValue: String) throws(AggregationError) {
        let length = rawValue.utf8.count
        guard (1...255).contains(length) else {
            throw AggregationError(.invalidArgument, "a device id must be 1 to 255 bytes of UTF-8, got \(length)")
        }
        // ASCII (every id Confide derives) is checked byte by byte; other text by Unicode category.
        let controls = rawValue.utf8.allSatisfy({ $0 < 0x80 })
            ? rawValue.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F })
            : rawValue.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        guard !controls else {
            throw AggregationError(.invalidArgument, "a device id cannot contain control characters")
        }
        self.rawValue = rawValue
    }

    public static func < (lhs: DeviceID, rhs: DeviceID) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { rawValue }
}
