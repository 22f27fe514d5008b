/// A bijection between source identifiers and dense indices `0..<count`, in a fixed order.
///
/// Models store users and items by dense index; the index keeps train and test splits (and
/// every device) in one index space.
public struct IDIndex: Sendable, Equatable {
    /// The identifiers, position = dense index.
    public let ids: [Int]
    private let positions: [Int: Int]

    /// An index over `ids` in the given order; throws on a repeated identifier.
    public init(_ ids: [Int]) throws {
        var positions: [Int: Int] = [:]
        positions.reserveCapacity(ids.count)
        for (position, id) in ids.enumerated() {
            guard positions.updateValue(position, forKey: id) == nil else {
                throw MLError.invalid("identifier \(id) appears twice")
            }
        }
        self.ids = ids
        self.positions = positions
    }

    /// An index over the distinct identifiers of `ids`, sorted ascending.
    public init(distinct ids: some Sequence<Int>) {
        let sorted = Array(Set(ids)).sorted()
        // Distinct by construction, so this cannot throw.
        self.ids = sorted
        self.positions = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, $0) })
    }

    /// Number of identifiers.
    public var count: Int { ids.count }

    /// The dense index of `id`, or nil when it is not in the index.
    public func index(of id: Int) -> Int? { positions[id] }
}
