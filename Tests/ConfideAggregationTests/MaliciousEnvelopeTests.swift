import ConfideCrypto
@testable import ConfideAggregation
import Testing

@Suite("A device that sends envelopes its neighbours cannot open cannot stop a round")
struct MaliciousEnvelopeTests {
    /// `message` with the envelopes for `spoiled` recipients altered, re-signed by its sender:
    /// well-formed and correctly signed, but those envelopes do not open.
    static func spoil(_ message: ShareKeys, for spoiled: Set<Int>, _ harness: Harness) throws -> ShareKeys {
        let envelopes = message.envelopes.map { envelope in
            guard spoiled.contains(envelope.recipient) else { return envelope }
            var ciphertext = envelope.ciphertext
            ciphertext[ciphertext.count - 1] ^= 0xFF
            return EncryptedShares(sender: envelope.sender, recipient: envelope.recipient, ciphertext: ciphertext)
        }
        let unsigned = ShareKeys(roundID: message.roundID, sender: message.sender, selfMaskCommitment: message.selfMaskCommitment,
                                 envelopes: envelopes, signature: [])
        return ShareKeys(roundID: message.roundID, sender: message.sender, selfMaskCommitment: message.selfMaskCommitment,
                         envelopes: envelopes, signature: try Signing.sign(unsigned.unsignedBytes, with: harness.identities[message.sender],
                                                                           harness.configuration))
    }

    /// A round in which each attacker spoils its envelopes to `fraction` of its neighbours
    /// (all of them when 1) and otherwise follows the protocol.
    static func round(attackers: Set<Int>, fraction: Double, seed: UInt64) throws -> (AggregationResult, Harness) {
        var harness = try Harness(n: 30, d: 24, seed: seed)
        try harness.advertise()
        for message in try harness.server.closeAdvertiseKeys() {
            let device = message.recipient
            var shares = try harness.clients[device].shareKeys(message)
            if attackers.contains(device) {
                let recipients = shares.envelopes.map(\.recipient)
                let count = Int((fraction * Double(recipients.count)).rounded(.up))
                shares = try spoil(shares, for: Set(recipients.prefix(count)), harness)
            }
            try harness.server.receive(shares)
        }
        try harness.receipts()
        try harness.maskInputs()
        try harness.signContributors()
        _ = try harness.unmask()
        return (try harness.server.finish(workers: 2), harness)
    }

    @Test("Attackers spoiling every envelope are left out before anyone masks; the honest sum is exact",
          arguments: [Set([0]), Set([3, 11, 22])])
    func spoilAll(_ attackers: Set<Int>) throws {
        for seed: UInt64 in 1...3 {
            let (result, harness) = try Self.round(attackers: attackers, fraction: 1, seed: seed)
            let honest = Set(0..<30).subtracting(attackers)
            #expect(Set(result.contributors) == honest)
            #expect(result.sum == harness.expectedSum(of: honest.sorted()))
            for attacker in attackers {
                #expect(harness.server.status(of: attacker) == .dropped(.tooFewLiveNeighbours(.shareReceipt)))
            }
        }
    }

    @Test("Attackers spoiling some envelopes lose those pairs and stay in; the sum, theirs included, is exact",
          arguments: [Set([0]), Set([3, 11, 22])])
    func spoilSome(_ attackers: Set<Int>) throws {
        for seed: UInt64 in 1...3 {
            let (result, harness) = try Self.round(attackers: attackers, fraction: 0.2, seed: seed)
            #expect(Set(result.contributors) == Set(0..<30))
            #expect(result.sum == harness.expectedSum(of: 0..<30))
            // Every cut pair is missing on both sides.
            for attacker in attackers {
                #expect(harness.server.partners[attacker].count < harness.configuration.neighbourCount)
                for other in harness.server.partners.indices where !harness.server.partners[attacker].contains(other) {
                    #expect(!harness.server.partners[other].contains(attacker))
                }
            }
        }
    }
}
