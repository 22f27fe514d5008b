import Foundation

/// What a retention purge removed (or, in a dry run, would remove).
public struct PurgeReport: Hashable, Sendable, Codable {
    /// The instant retention was measured against.
    public let at: Date
    /// Whether nothing was deleted.
    public let dryRun: Bool
    /// Records past retention, by kind.
    public let expired: [String: Int]
    /// Records of kinds the policy no longer declares, by kind: left in place for an audit
    /// to flag, because their retention is unknown.
    public let undeclaredKinds: [String: Int]

    /// The total number of expired records.
    public var total: Int { expired.values.reduce(0, +) }

    enum CodingKeys: String, CodingKey {
        case at, expired, total
        case dryRun = "dry_run"
        case undeclaredKinds = "undeclared_kinds"
    }

    /// Creates a report.
    public init(at: Date, dryRun: Bool, expired: [String: Int], undeclaredKinds: [String: Int]) {
        self.at = at
        self.dryRun = dryRun
        self.expired = expired
        self.undeclaredKinds = undeclaredKinds
    }

    /// Decodes a report (the `total` key is derived, not read).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        at = try container.decode(Date.self, forKey: .at)
        dryRun = try container.decode(Bool.self, forKey: .dryRun)
        expired = try container.decode([String: Int].self, forKey: .expired)
        undeclaredKinds = try container.decode([String: Int].self, forKey: .undeclaredKinds)
    }

    /// Encodes the report with its `total`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(at, forKey: .at)
        try container.encode(dryRun, forKey: .dryRun)
        try container.encode(expired, forKey: .expired)
        try container.encode(total, forKey: .total)
        try container.encode(undeclaredKinds, forKey: .undeclaredKinds)
    }
}
