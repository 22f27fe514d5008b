import ConfideML

/// The segment a device is in right now, as its user would be told.
public struct DeviceSegment: Sendable, Equatable {
    /// The segment's index in the model (0..<k).
    public var index: Int
    /// The K-Means model version it comes from.
    public var modelVersion: Int64
    /// What sets the segment apart from the population.
    public var description: SegmentDescription
    /// The segment's place in the tree of nested segments, root first, the segment last.
    public var place: [SegmentNode]
    /// The segment the device was in when this model was installed.
    public var segmentAtModel: Int
    /// Whether the device's own data has moved it to another segment since this model was installed.
    public var changedSinceModel: Bool { index != segmentAtModel }
}
