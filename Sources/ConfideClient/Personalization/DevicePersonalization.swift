import ConfideML

/// What a device holds for personalization: the latest models it verified and where its data
/// placed it. Nothing here leaves the device.
struct DevicePersonalization: Sendable {
    var segments: PublishedSegments?
    var recommendations: PublishedRecommendations?
    var popularity: ItemPopularity?
    /// The K-Means version a published histogram's segment blocks follow (`nil`: supplied by the app, trusted as is).
    var popularityKMeansVersion: Int64?
    /// Where the device's data placed it under `segments`, kept current as the data changes.
    var assignment: SegmentAssignment?
    /// Where it was placed when `segments` was installed.
    var assignmentAtModel: SegmentAssignment?
}
