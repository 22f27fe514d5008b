import ConfideCrypto
@testable import ConfideAggregation
import Testing

@Suite("A device that reveals wrong shares cannot stop a round")
struct MaliciousShareTests {
    /// `device`'s honest answer with every revealed share's value altered, signed by the
    /// device itself: well-formed, correctly signed, and wrong.
    static func corrupted(_ response: UnmaskResponse, by device: Int, _ harness: Harness) throws -> UnmaskResponse {
        func spoil(_ share: UnmaskResponse.RevealedShare) -> UnmaskResponse.RevealedShare {
            var bytes = share.bytes
            for i in 2..<bytes.count { bytes[i] ^= UInt8(truncatingIfNeeded: 0x5A &+ i) }
            return UnmaskResponse.RevealedShare(owner: share.owner, bytes: bytes)
        }
        let selfShares = response.selfMaskShares.map(spoil), keyShares = response.maskKeyShares.map(spoil)
        let unsigned = UnmaskResponse.unsignedBytes(roundID: response.roundID, sender: device, selfMaskShares: selfShares,
                                                    maskKeyShares: keyShares)
        let signature = try Signing.sign(unsigned, with: harness.identities[device], harness.configuration)
        return UnmaskResponse(roundID: response.roundID, sender: device, selfMaskShares: selfShares, maskKeyShares: keyShares,
                              unsignedBytes: unsigned, signature: signature)
    }

    /// Runs a round in which `liars` answer Unmask with wrong shares and `silent` drop before
    /// their masked input (so mask keys are rebuilt too).
    static func round(n: Int, liars: Set<Int>, silent: Set<Int> = [], seed: UInt64) throws -> (AggregationResult, Harness) {
        var harness = try Harness(n: n, d: 64, seed: seed)
        try harness.advertise()
        try harness.shareKeys()
        try harness.receipts()
        try harness.maskInputs(skipping: silent)
        try harness.signContributors()
        let requests = try harness.server.closeConsistencyCheck()
        for request in requests {
            let device = request.recipient
            let honest = try harness.clients[device].unmask(request)
            try harness.server.receive(liars.contains(device) ? try corrupted(honest, by: device, harness) : honest)
        }
        return (try harness.server.finish(workers: 2), harness)
    }

    @Test("One and three devices revealing wrong shares: the round completes with the exact sum and names them",
          arguments: [(Set([0]), Set<Int>()), (Set([0, 7, 13]), Set<Int>()), (Set([2, 9, 17]), Set([4, 11]))])
    func liars(_ liars: Set<Int>, silent: Set<Int>) throws {
        for seed: UInt64 in 1...3 {
            let (result, harness) = try Self.round(n: 24, liars: liars, silent: silent, seed: seed)
            let contributors = Set(0..<24).subtracting(silent)
            #expect(Set(result.contributors) == contributors)
            #expect(result.sum == harness.expectedSum(of: contributors.sorted()))
            // A liar is named only when one of its shares was among those first tried; it is
            // never an honest device.
            #expect(Set(result.misbehaving).isSubset(of: liars), "\(result.misbehaving)")
        }
    }

    @Test("A liar whose shares are among the first tried is named")
    func named() throws {
        // Device 0's shares come first for every secret it holds a share of (responses are
        // received in cohort order), so its wrong shares are always in the first subset.
        let (result, _) = try Self.round(n: 24, liars: [0], seed: 5)
        #expect(result.misbehaving == [0])
    }
}
