import Testing
import ConfideCrypto
@testable import ConfideAggregation

/// A coordinator that lies about dropouts learns nothing about an individual input.
@Suite("Honest clients refuse a lying coordinator")
struct LyingServerTests {
    /// A round run to the point where every device has sent its masked input.
    func roundAtUnmask(seed: UInt64) throws -> (Harness, [MaskedInput]) {
        var harness = try Harness(n: 20, k: 7, t: 4, d: 32, seed: seed)
        try harness.advertise()
        let keys = try harness.server.closeAdvertiseKeys()
        for message in keys { try harness.server.receive(harness.clients[message.recipient].shareKeys(message)) }
        var masked: [MaskedInput] = []
        for delivery in try harness.server.closeShareKeys() {
            let input = try harness.clients[delivery.recipient].maskInput(delivery, input: harness.inputs[delivery.recipient])
            masked.append(input)
            try harness.server.receive(input)
        }
        return (harness, masked)
    }

    func request(_ harness: Harness, for device: Int, claimingDropped dropped: Set<Int>) -> UnmaskRequest {
        let neighbours = harness.configuration.graph.neighbours(of: device).map { Int($0) }
        return UnmaskRequest(roundID: 7, recipient: device, survivors: neighbours.filter { !dropped.contains($0) },
                             dropped: neighbours.filter { dropped.contains($0) })
    }

    @Test("A request naming a neighbour as both survived and dropped is refused")
    func bothListsRefused() throws {
        var (harness, _) = try roundAtUnmask(seed: 1)
        let neighbours = harness.configuration.graph.neighbours(of: 0).map { Int($0) }
        let both = UnmaskRequest(roundID: 7, recipient: 0, survivors: neighbours, dropped: [neighbours[0]])
        let error = try #require(throws: AggregationError.self) { try harness.clients[0].unmask(both) }
        #expect(error.kind == .refusedRequest)
        #expect(harness.clients[0].stage == .sentInput)
        // Too few survivors, or a neighbour that never shared keys, are refused too.
        let few = UnmaskRequest(roundID: 7, recipient: 0, survivors: Array(neighbours.prefix(3)), dropped: Array(neighbours.dropFirst(3)))
        #expect(throws: AggregationError.self) { try harness.clients[0].unmask(few) }
        let stranger = (0..<20).first { !neighbours.contains($0) && $0 != 0 }!
        let extra = UnmaskRequest(roundID: 7, recipient: 0, survivors: (neighbours + [stranger]).sorted(), dropped: [])
        #expect(throws: AggregationError.self) { try harness.clients[0].unmask(extra) }
    }

    @Test("A second, different request is refused; repeating the answered one returns the same answer")
    func oneAnswerOnly() throws {
        var (harness, _) = try roundAtUnmask(seed: 2)
        let neighbours = harness.configuration.graph.neighbours(of: 0).map { Int($0) }
        let honest = request(harness, for: 0, claimingDropped: [])
        let first = try harness.clients[0].unmask(honest)
        #expect(try harness.clients[0].unmask(honest).serialized() == first.serialized())
        let lie = request(harness, for: 0, claimingDropped: [neighbours[0]])
        let error = try #require(throws: AggregationError.self) { try harness.clients[0].unmask(lie) }
        #expect(error.kind == .refusedRequest)
    }

    @Test("Splitting a live device's neighbours between 'survived' and 'dropped' never yields both of its secrets",
          arguments: 0...7)
    func splitNeighbourhood(claimedAlive: Int) throws {
        var (harness, masked) = try roundAtUnmask(seed: UInt64(10 + claimedAlive))
        let victim = 0
        let neighbours = harness.configuration.graph.neighbours(of: victim).map { Int($0) }
        var selfShares: [[UInt8]] = []
        var keyShares: [[UInt8]] = []
        for (position, neighbour) in neighbours.enumerated() {
            let claim: Set<Int> = position < claimedAlive ? [] : [victim]
            let response = try harness.clients[neighbour].unmask(request(harness, for: neighbour, claimingDropped: claim))
            selfShares += response.selfMaskShares.filter { $0.owner == victim }.map(\.bytes)
            keyShares += response.maskKeyShares.filter { $0.owner == victim }.map(\.bytes)
            // Each neighbour revealed exactly one of the two.
            #expect(response.selfMaskShares.contains { $0.owner == victim } != response.maskKeyShares.contains { $0.owner == victim })
        }
        let t = harness.configuration.threshold
        #expect(selfShares.count < t || keyShares.count < t)
        // Whatever the coordinator can rebuild, the victim's input stays masked.
        var view = masked[victim].words
        let labels = try MaskLabels(harness.configuration)
        if selfShares.count >= t {
            let seed = try SymmetricKey(Shamir.combine(serialized: selfShares))
            try view.withUnsafeMutableBufferPointer { try Mask.subtract(seed: seed, context: labels.selfMask, from: $0) }
            #expect(throws: CryptoError.self) { try Shamir.combine(serialized: keyShares) }
        } else {
            #expect(throws: CryptoError.self) { try Shamir.combine(serialized: selfShares) }
            let key = try AgreementKey(secret: Shamir.combine(serialized: keyShares))
            for neighbour in neighbours {
                let seed = try key.pairwiseKey(with: harness.server.advertisements[neighbour]!.maskKey, context: labels.pairKeyContext)
                try view.withUnsafeMutableBufferPointer {
                    try Mask.apply([Mask.Term(seed: seed, context: labels.pairMask, sign: neighbour < victim ? .add : .subtract)], to: $0)
                }
            }
        }
        #expect(view != harness.inputs[victim])
    }
}
