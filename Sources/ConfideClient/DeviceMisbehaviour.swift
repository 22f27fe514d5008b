/// How a simulated malicious device deviates from the protocol, to show that rounds
/// survive it (`confide-client-sim run --malicious N --misbehaviour …` and tests). Every
/// message it sends is still well-formed and signed by it: these are the attacks an
/// enrolled device can mount, not garbage a parser refuses.
public enum DeviceMisbehaviour: String, Sendable, CaseIterable {
    /// Sends share envelopes its neighbours cannot open. Expected: those pairs are cut,
    /// the device is left out if fewer than t remain, the round completes.
    case spoilEnvelopes = "spoil-envelopes"
    /// Reveals wrong shares at Unmask. Expected: other share subsets rebuild the secrets,
    /// the device is named and left out of later rounds, the round completes.
    case wrongShares = "wrong-shares"
    /// Skips clipping: adds a large offset to every coordinate of its update. Expected: the
    /// sum is refused as implausible and the round aborts with nothing applied.
    case unclippedUpdate = "unclipped-update"
}
