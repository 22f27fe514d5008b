import ConfideML

/// What a device holds for personalization: the latest models it verified and where its data
/// placed it. Nothing here leaves the device.
struct DevicePersonalization: Sendable {
    var segments: PublishedSegments?
    var recommendations: PublishedRecommendations?
    var popularity: ItemPopularity?
    /// Where the device's data placed it under `segments`, kept current as the data changes.
    var assignment: SegmentAssignment?
    /// Where it was placed when `segments` was installed.
    var assignmentAtModel: SegmentAssignment?
}
