/// Where a simulated device vanishes from a round, to exercise the protocol's dropout handling.
public enum DropoutPoint: String, Sendable, CaseIterable {
    /// Accepts the invitation but never advertises its keys.
    case beforeAdvertise
    /// Advertises its keys, then sends no shares.
    case afterAdvertise
    /// Sends its shares, then nothing more (it never receipts its neighbours' shares).
    case afterShareKeys
    /// Sends its masked input, then never answers the unmask request.
    case afterMaskedInput
}

/// What one check-in of a device led to.
public enum DeviceStep: Sendable, Equatable {
    /// Nothing to do.
    case waited
    /// Took part in a round: whether it completed, and the device's share of the round's ε.
    case participated(roundID: String, task: String, completed: Bool)
    /// Was invited but declined: its user has not consented to the round's purpose.
    case declined(purpose: String)
    /// Left the round at `point` (injected dropout) or because it was dropped.
    case dropped(roundID: String, at: String)
    /// Deleted its local data on the coordinator's instruction.
    case wiped
}
