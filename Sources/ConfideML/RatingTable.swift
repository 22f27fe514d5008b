/// Ratings with users and items mapped to dense indices, in parallel arrays.
///
/// The training and evaluation code works on this form; `RatingTable.grouped(byUser:)`
/// gives the per-user (or per-item) view that ALS and the device steps use.
public struct RatingTable: Sendable {
    /// The user index (identifier ↔ dense index).
    public let users: IDIndex
    /// The item index (identifier ↔ dense index).
    public let items: IDIndex
    /// Dense user index of each rating.
    public private(set) var userIndices: [Int32] = []
    /// Dense item index of each rating.
    public private(set) var itemIndices: [Int32] = []
    /// Score of each rating.
    public private(set) var values: [Double] = []
    /// Timestamp of each rating (seconds since 1970 UTC).
    public private(set) var timestamps: [Int64] = []

    /// Indexes `ratings` with the given user and item indices; throws on an unknown identifier.
    public init(_ ratings: [Rating], users: IDIndex, items: IDIndex) throws {
        self.users = users
        self.items = items
        userIndices.reserveCapacity(ratings.count)
        itemIndices.reserveCapacity(ratings.count)
        values.reserveCapacity(ratings.count)
        timestamps.reserveCapacity(ratings.count)
        for rating in ratings {
            guard let user = users.index(of: rating.user) else {
                throw MLError.invalid("rating for unknown user \(rating.user)")
            }
            guard let item = items.index(of: rating.item) else {
                throw MLError.invalid("rating for unknown item \(rating.item)")
            }
            userIndices.append(Int32(user))
            itemIndices.append(Int32(item))
            values.append(rating.value)
            timestamps.append(rating.timestamp)
        }
    }

    /// Indexes `ratings` over the users and items that occur in them.
    public init(_ ratings: [Rating]) {
        // The indices contain every identifier, so indexing cannot fail.
        try! self.init(ratings, users: IDIndex(distinct: ratings.map(\.user)), items: IDIndex(distinct: ratings.map(\.item)))
    }

    /// Number of ratings.
    public var count: Int { values.count }

    /// Mean score, or 0 for an empty table.
    public var mean: Double { values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }

    /// The ratings grouped by user (`byUser: true`) or by item, as compressed rows.
    public func grouped(byUser: Bool) -> GroupedRatings {
        GroupedRatings(
            groupCount: byUser ? users.count : items.count,
            keys: byUser ? userIndices : itemIndices,
            others: byUser ? itemIndices : userIndices,
            values: values
        )
    }
}

/// Ratings grouped by one side (users or items) in compressed-row form: group `g`'s
/// entries are `others[offsets[g] ..< offsets[g + 1]]` with scores `values[...]`.
public struct GroupedRatings: Sendable {
    /// Start of each group's entries; `groupCount + 1` values.
    public let offsets: [Int]
    /// Dense index on the other side (items for user groups) of each entry.
    public let others: [Int32]
    /// Score of each entry.
    public let values: [Double]

    init(groupCount: Int, keys: [Int32], others: [Int32], values: [Double]) {
        var counts = [Int](repeating: 0, count: groupCount + 1)
        for key in keys { counts[Int(key) + 1] += 1 }
        for g in 0..<groupCount { counts[g + 1] += counts[g] }
        var cursor = counts
        var groupedOthers = [Int32](repeating: 0, count: keys.count)
        var groupedValues = [Double](repeating: 0, count: keys.count)
        for position in keys.indices {
            let key = Int(keys[position])
            groupedOthers[cursor[key]] = others[position]
            groupedValues[cursor[key]] = values[position]
            cursor[key] += 1
        }
        self.offsets = counts
        self.others = groupedOthers
        self.values = groupedValues
    }

    /// Number of groups.
    public var groupCount: Int { offsets.count - 1 }

    /// Number of entries in group `g`.
    public func count(of group: Int) -> Int { offsets[group + 1] - offsets[group] }

    /// Group `g`'s entries as (other index, score) pairs.
    public func entries(of group: Int) -> [(index: Int, value: Double)] {
        (offsets[group]..<offsets[group + 1]).map { (Int(others[$0]), values[$0]) }
    }
}
