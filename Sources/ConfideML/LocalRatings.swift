/// One device's own ratings (one MovieLens user = one device), with items as dense indices
/// into the shared item catalog.
public struct LocalRatings: Sendable, Equatable {
    /// Dense item index of each rating.
    public private(set) var items: [Int32]
    /// Score of each rating.
    public private(set) var values: [Double]

    /// Ratings from dense indices and scores of equal length; indices must be in `0..<itemCount`.
    public init(items: [Int32], values: [Double], itemCount: Int) throws {
        guard items.count == values.count else {
            throw MLError.dimension("\(items.count) items but \(values.count) scores")
        }
        guard items.allSatisfy({ $0 >= 0 && Int($0) < itemCount }) else {
            throw MLError.invalid("an item index is outside the catalog of \(itemCount) items")
        }
        guard values.allSatisfy(\.isFinite) else { throw MLError.invalid("a score is not a finite number") }
        self.items = items
        self.values = values
    }

    /// A device's ratings from source identifiers, mapped through the public item catalog.
    public init(_ ratings: [Rating], catalog: IDIndex) throws {
        var items: [Int32] = []
        items.reserveCapacity(ratings.count)
        for rating in ratings {
            guard let index = catalog.index(of: rating.item) else {
                throw MLError.invalid("item \(rating.item) is not in the catalog")
            }
            items.append(Int32(index))
        }
        try self.init(items: items, values: ratings.map(\.value), itemCount: catalog.count)
    }

    /// Number of ratings.
    public var count: Int { items.count }

    /// Every user's ratings in `table`, one `LocalRatings` per dense user index.
    public static func perUser(_ table: RatingTable) -> [LocalRatings] {
        let groups = table.grouped(byUser: true)
        return (0..<groups.groupCount).map { user in
            let range = groups.offsets[user]..<groups.offsets[user + 1]
            return LocalRatings(unchecked: Array(groups.others[range]), Array(groups.values[range]))
        }
    }

    private init(unchecked items: [Int32], _ values: [Double]) {
        self.items = items
        self.values = values
    }
}
